package dev.replicategateway.prediction;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.replicategateway.replicate.ReplicateStatus;
import java.util.Locale;

/** Replicate's statuses plus our own {@code queued}: accepted and stored, not yet created upstream. */
public enum PredictionStatus {
    QUEUED(0),
    STARTING(1),
    PROCESSING(2),
    SUCCEEDED(3),
    FAILED(3),
    CANCELED(3),
    ABORTED(3);

    private final int rank;

    PredictionStatus(int rank) {
        this.rank = rank;
    }

    public boolean isFinal() {
        return rank == 3;
    }

    /** Whether moving from this status to {@code next} goes forward: events can arrive late or twice. */
    public boolean canMoveTo(PredictionStatus next) {
        return !isFinal() && next.rank >= rank;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PredictionStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    static PredictionStatus of(ReplicateStatus status) {
        return valueOf(status.name());
    }
}
