package dev.replicategateway.replicate;

/** 404: the model, version, deployment, prediction or training does not exist. Not retried. */
public class ReplicateNotFoundException extends ReplicateException {

    public ReplicateNotFoundException(String detail) {
        super(404, "Not found on Replicate: " + detail, null);
    }
}
