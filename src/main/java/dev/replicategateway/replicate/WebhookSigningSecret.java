package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The account's default webhook signing secret ({@code whsec_…}); never printed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WebhookSigningSecret(@JsonProperty("key") String key) {

    @Override
    public String toString() {
        return "WebhookSigningSecret[key=******]";
    }
}
