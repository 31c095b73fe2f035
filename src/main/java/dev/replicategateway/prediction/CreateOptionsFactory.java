package dev.replicategateway.prediction;

import dev.replicategateway.replicate.CreateOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * The options of each create: at least {@code Cancel-After}, so that Replicate itself stops work that
 * outlives our deadline even if this service is down; webhooks when they are configured.
 */
@FunctionalInterface
public interface CreateOptionsFactory {

    CreateOptions forCreate(Prediction prediction, Instant now);

    /** Whether creates ask Replicate for webhooks; if so, polling is only the safety net. */
    default boolean requestsWebhooks() {
        return false;
    }

    /** Cancel-After = what is left of the deadline (at least one second). */
    static Duration remaining(Prediction prediction, Instant now) {
        Duration left = Duration.between(now, prediction.deadlineAt());
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }
}
