package dev.replicategateway.replicate;

/** Not sent: Replicate has been failing, and the circuit breaker holds calls back for a while. */
public class ReplicateCircuitOpenException extends ReplicateUnavailableException {

    public ReplicateCircuitOpenException() {
        super(0, "Replicate is failing; calls are paused for a while (circuit open), not sent", false, null);
    }
}
