package dev.replicategateway.callerwebhook;

import java.time.Instant;

/**
 * One event to deliver. Its id is the {@code webhook-id} of every attempt; its body, once rendered at
 * the first attempt, is what every retry sends.
 */
record OutboxEntry(
        String id,
        String predictionId,
        String owner,
        String url,
        WebhookEvent event,
        String format,
        State state,
        String body,
        int attempts,
        Instant nextAttemptAt,
        String leaseToken,
        Integer lastStatus,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {

    enum State {
        PENDING,
        DELIVERED,
        /** Given up on after every retry: kept, shown and counted, never sent again. */
        DEAD
    }
}
