package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A deployment and the model version its current release runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicateDeployment(
        @JsonProperty("owner") String owner,
        @JsonProperty("name") String name,
        @JsonProperty("current_release") Release currentRelease) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Release(
            @JsonProperty("number") Integer number,
            @JsonProperty("model") String model,
            @JsonProperty("version") String version,
            @JsonProperty("created_at") Instant createdAt) {}
}
