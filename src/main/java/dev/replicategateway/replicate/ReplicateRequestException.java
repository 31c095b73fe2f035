package dev.replicategateway.replicate;

/** Any other 4xx answer (400, 402 payment required, 409 conflict …). Not retried. */
public class ReplicateRequestException extends ReplicateException {

    public ReplicateRequestException(int status, String detail) {
        super(status, "Replicate answered " + status + ": " + detail, null);
    }
}
