package dev.replicategateway.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/** A stored prediction (or training): what was asked, what Replicate said, and the lifecycle bookkeeping. */
public record Prediction(
        String id,
        String owner,
        String kind,
        PredictionStatus status,
        String model,
        Map<String, Object> input,
        String replicateId,
        Double progress,
        String logs,
        JsonNode output,
        String error,
        Map<String, Object> metrics,
        boolean cancelRequested,
        boolean outcomeUnknown,
        int submitAttempts,
        Instant submitSentAt,
        int pollCount,
        Instant nextAttemptAt,
        Instant deadlineAt,
        Instant createdAt,
        Instant submittedAt,
        Instant startedAt,
        Instant completedAt,
        Instant updatedAt) {

    public static final String KIND_PREDICTION = "prediction";
    public static final String KIND_TRAINING = "training";

    /** A prediction just accepted: queued, due at once, not yet known to Replicate. */
    public static Prediction queued(
            String id,
            String owner,
            String kind,
            String model,
            Map<String, Object> input,
            Instant now,
            Instant deadline) {
        return new Prediction(
                id,
                owner,
                kind,
                PredictionStatus.QUEUED,
                model,
                input,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                false,
                0,
                null,
                0,
                now,
                deadline,
                now,
                null,
                null,
                null,
                now);
    }
}
