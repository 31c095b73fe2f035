package dev.replicategateway.prediction;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * What became of the webhooks a caller asked for about one prediction or training.
 *
 * @param delivered events delivered
 * @param pending events still to deliver (being retried when {@code lastError} is set)
 * @param dead events given up on after a day of retries
 * @param nextAttemptAt when the next pending one is tried
 */
public record CallerWebhookReport(
        String url, int delivered, int pending, int dead, String lastError, Instant nextAttemptAt) {

    /** Told what the caller webhooks feature knows, when it is there. */
    public interface Source {

        /** The reports of these predictions; one without a webhook is absent. */
        Map<String, CallerWebhookReport> of(Collection<String> predictionIds);
    }
}
