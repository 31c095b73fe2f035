package dev.replicategateway.output;

import java.time.Instant;

/** One output of a prediction and how far its copy has got. */
record OutputRow(
        String predictionId,
        int index,
        String sourceUrl,
        State state,
        String contentType,
        Long size,
        String sha256,
        int attempts,
        String error,
        Instant keptAt) {

    enum State {
        PENDING,
        KEPT,
        FAILED
    }
}
