package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A prediction or a training as Replicate returns it (both share this shape). {@code output} is kept as
 * JSON because it is a list of URLs, a single URL, or (trainings) an object; {@code error} likewise.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicatePrediction(
        @JsonProperty("id") String id,
        @JsonProperty("model") String model,
        @JsonProperty("version") String version,
        @JsonProperty("input") Map<String, Object> input,
        @JsonProperty("logs") String logs,
        @JsonProperty("output") JsonNode output,
        @JsonProperty("data_removed") Boolean dataRemoved,
        @JsonProperty("error") JsonNode error,
        @JsonProperty("status") ReplicateStatus status,
        @JsonProperty("source") String source,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("urls") Map<String, String> urls,
        @JsonProperty("metrics") Map<String, Object> metrics,
        @JsonProperty("destination") String destination,
        @JsonProperty("webhook") String webhook,
        @JsonProperty("webhook_events_filter") List<String> webhookEventsFilter) {

    /** The error as text: Replicate sends a string, occasionally an object. */
    public String errorText() {
        if (error == null || error.isNull()) {
            return null;
        }
        return error.isTextual() ? error.asText() : error.toString();
    }
}
