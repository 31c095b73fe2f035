package dev.replicategateway.prediction;

import java.time.Instant;

/**
 * Which of a caller's stored work a page lists; null fields filter nothing.
 *
 * @param user one end user's only
 * @param createdAfter created at or after (inclusive, as Replicate's {@code created_after})
 * @param createdBefore created before (exclusive, as Replicate's {@code created_before})
 */
public record PredictionFilter(
        WorkKind kind,
        String user,
        PredictionStatus status,
        String model,
        Instant createdAfter,
        Instant createdBefore) {

    public static PredictionFilter of(WorkKind kind) {
        return new PredictionFilter(kind, null, null, null, null, null);
    }

    public PredictionFilter user(String value) {
        return new PredictionFilter(kind, value, status, model, createdAfter, createdBefore);
    }

    public PredictionFilter status(PredictionStatus value) {
        return new PredictionFilter(kind, user, value, model, createdAfter, createdBefore);
    }

    public PredictionFilter model(String value) {
        return new PredictionFilter(kind, user, status, value, createdAfter, createdBefore);
    }

    public PredictionFilter createdBetween(Instant after, Instant before) {
        return new PredictionFilter(kind, user, status, model, after, before);
    }
}
