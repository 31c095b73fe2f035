package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One page of a list call, newest first; {@code next} is the cursor URL of the following page. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PredictionPage(
        @JsonProperty("previous") String previous,
        @JsonProperty("next") String next,
        @JsonProperty("results") List<ReplicatePrediction> results) {

    public PredictionPage {
        results = results == null ? List.of() : List.copyOf(results);
    }
}
