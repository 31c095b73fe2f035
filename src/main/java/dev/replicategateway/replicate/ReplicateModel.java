package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A model, with its latest version when it has one. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicateModel(
        @JsonProperty("owner") String owner,
        @JsonProperty("name") String name,
        @JsonProperty("description") String description,
        @JsonProperty("visibility") String visibility,
        @JsonProperty("url") String url,
        @JsonProperty("latest_version") Version latestVersion) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Version(
            @JsonProperty("id") String id,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("openapi_schema") JsonNode openapiSchema) {}
}
