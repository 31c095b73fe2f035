package dev.replicategateway.ratelimit;

/** Replicate's two published limits: prediction creates, and every other call. */
public enum UpstreamBudget {
    CREATES,
    READS
}
