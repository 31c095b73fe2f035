package dev.replicategateway.prediction;

import java.util.Locale;

/** What a stored row is sent to Replicate as: a prediction or a training (they share one lifecycle). */
public enum WorkKind {
    PREDICTION,
    TRAINING;

    /** The value of the {@code kind} column. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    static WorkKind ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
