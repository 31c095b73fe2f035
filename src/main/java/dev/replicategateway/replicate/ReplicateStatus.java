package dev.replicategateway.replicate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Replicate's prediction and training statuses. {@code aborted} is final too (a deadline hit before start). */
public enum ReplicateStatus {
    STARTING,
    PROCESSING,
    SUCCEEDED,
    FAILED,
    CANCELED,
    ABORTED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELED || this == ABORTED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReplicateStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
