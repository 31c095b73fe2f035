package dev.replicategateway.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.replicategateway.upload.StoredUpload;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A file as Replicate's Files API shows it: our id; {@code urls.get} is the URL a model input names it
 * by (Replicate's own, which only Replicate fetches); it expires a day after its upload.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record V1File(
        String id,
        String name,
        String contentType,
        long size,
        Map<String, String> checksums,
        Map<String, Object> metadata,
        Instant createdAt,
        Instant expiresAt,
        Map<String, String> urls) {

    static final Duration LIFETIME = Duration.ofDays(1);

    static V1File of(StoredUpload file, Map<String, Object> metadata) {
        return new V1File(
                file.id(),
                file.name(),
                file.contentType(),
                file.size(),
                Map.of("sha256", file.sha256()),
                metadata,
                file.createdAt(),
                file.createdAt().plus(LIFETIME),
                Map.of("get", file.url()));
    }
}
