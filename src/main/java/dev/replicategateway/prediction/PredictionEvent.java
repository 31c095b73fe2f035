package dev.replicategateway.prediction;

import java.time.Instant;

/** One recorded state change of a prediction; {@code id} orders them and resumes a stream. */
record PredictionEvent(
        long id,
        String predictionId,
        PredictionStatus status,
        Double progress,
        String source,
        String detail,
        Instant at) {}
