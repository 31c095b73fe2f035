package dev.replicategateway.common;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exponential backoff: the wait before retry {@code n} (1 is the first) is {@code initial ×
 * multiplier^(n−1)}, capped at {@code max}. The submitter, the poller, the output copier and the
 * Replicate retries all wait by one of these, so "the first retry waits {@code initial}" holds everywhere.
 */
public record Backoff(Duration initial, double multiplier, Duration max) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1.0) {
            throw new IllegalArgumentException("a backoff needs 0 <= initial <= max and multiplier >= 1");
        }
    }

    /** The wait before retry {@code retry} (values below 1 count as 1). */
    public Duration delay(int retry) {
        int exponent = Math.min(Math.max(retry, 1) - 1, 62);
        double millis = initial.toMillis() * Math.pow(multiplier, exponent);
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /** {@link #delay(int)} spread at random by up to ±{@code spread} of itself (0.5: between half and 1.5 times). */
    public Duration jittered(int retry, double spread) {
        long millis = delay(retry).toMillis();
        double factor = 1 + spread * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(millis * factor)));
    }
}
