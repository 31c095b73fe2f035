package dev.replicategateway.replicate;

/**
 * A call to Replicate that did not succeed. Subclasses name the kind; messages carry Replicate's
 * problem {@code detail} and never the token.
 */
public abstract class ReplicateException extends RuntimeException {

    private final int status;

    protected ReplicateException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status Replicate answered, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
