package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** A file uploaded through the Files API; {@link #getUrl()} can be passed as a file input. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UploadedFile(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("size") long size,
        @JsonProperty("checksums") Map<String, String> checksums,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("urls") Map<String, String> urls) {

    public String getUrl() {
        return urls == null ? null : urls.get("get");
    }
}
