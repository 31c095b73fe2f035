package dev.replicategateway.replicate;

import java.time.Duration;

/** 429: throttled. Replicate did not act on the request, so even a create may be sent again after the wait. */
public class ReplicateThrottledException extends ReplicateException {

    private final Duration retryAfter;

    public ReplicateThrottledException(String detail, Duration retryAfter) {
        super(429, "Replicate throttled the request: " + detail, null);
        this.retryAfter = retryAfter;
    }

    /** The wait Replicate asked for (header, else the seconds in its detail), or null when it named none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
