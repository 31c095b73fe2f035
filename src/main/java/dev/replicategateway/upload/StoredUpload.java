package dev.replicategateway.upload;

import java.time.Instant;

/**
 * A file on Replicate's Files API that this service uploaded for {@code owner}.
 *
 * @param id this service's id of it ({@code file_…})
 * @param url what a model input names it by (Replicate's {@code urls.get})
 * @param predictionId the prediction or training using it, or null
 */
public record StoredUpload(
        String id,
        String owner,
        String replicateId,
        String url,
        String name,
        String contentType,
        long size,
        String sha256,
        String predictionId,
        Instant createdAt,
        int deleteAttempts) {}
