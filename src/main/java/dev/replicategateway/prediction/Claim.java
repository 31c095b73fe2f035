package dev.replicategateway.prediction;

import java.time.Instant;

/** A row this instance holds: the prediction as claimed, the claim's token, and when the lease ends. */
record Claim(Prediction prediction, String token, Instant until) {

    String id() {
        return prediction.id();
    }
}
