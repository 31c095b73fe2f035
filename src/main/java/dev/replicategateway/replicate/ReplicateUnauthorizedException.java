package dev.replicategateway.replicate;

/** 401 or 403: the token is missing, wrong or not allowed to do this. Not retried. */
public class ReplicateUnauthorizedException extends ReplicateException {

    public ReplicateUnauthorizedException(int status, String detail) {
        super(status, "Replicate refused the credentials: " + detail, null);
    }
}
