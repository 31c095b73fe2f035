package dev.replicategateway.callerwebhook;

import java.time.Instant;
import java.util.Set;

/**
 * What a caller asked to be told about one prediction or training.
 *
 * @param format the shape of the body: {@link #REPLICATE} (the compatible API's object) or {@link #GATEWAY}
 * @param baseUrl where the caller reached this service, for the absolute links in the body
 * @param lastEnqueuedAt when an output or logs event was last queued (they are sent at most every 500 ms)
 */
record WebhookSubscription(
        String predictionId,
        String owner,
        String url,
        Set<WebhookEvent> events,
        String format,
        String baseUrl,
        boolean startEnqueued,
        Instant lastEnqueuedAt) {

    static final String REPLICATE = "replicate";
    static final String GATEWAY = "gateway";
}
