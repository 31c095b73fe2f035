package dev.replicategateway.replicate;

/**
 * Replicate could not be reached or failed (5xx, I/O error, timeout). {@link #requestSent()} tells whether
 * the request may have reached Replicate: when it did, a create's outcome is unknown and must be
 * reconciled, never blindly repeated.
 */
public class ReplicateUnavailableException extends ReplicateException {

    private final boolean requestSent;

    public ReplicateUnavailableException(int status, String message, boolean requestSent, Throwable cause) {
        super(status, message, cause);
        this.requestSent = requestSent;
    }

    public boolean requestSent() {
        return requestSent;
    }
}
