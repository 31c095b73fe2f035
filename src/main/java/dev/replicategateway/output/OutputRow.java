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
        Instant keptAt,
        String storedAs) {

    /** The name of the stored copy: its own, or that of the prediction whose result it reuses. */
    String storedName() {
        return storedAs != null ? storedAs : OutputStore.name(predictionId, index);
    }

    enum State {
        PENDING,
        KEPT,
        FAILED
    }
}
