package dev.replicategateway.ratelimit;

/**
 * Replicate's two published limits: creating a prediction (600 a minute), and every other call (3,000
 * a minute), training creates, cancels, model and file calls included.
 */
public enum UpstreamBudget {
    PREDICTION_CREATES,
    EVERYTHING_ELSE
}
