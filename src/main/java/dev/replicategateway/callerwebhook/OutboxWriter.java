package dev.replicategateway.callerwebhook;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Writes the events a caller asked for into the outbox, in the transaction of the change they tell
 * about: committed with it or not at all, so a change is never told twice nor lost. Output and logs
 * events are sent at most every 500 ms, as Replicate sends them, and one not yet tried stands for the
 * next (its body is rendered when it is sent, so it tells the newest state).
 */
@Component
class OutboxWriter implements PredictionChanges {

    static final Duration THROTTLE = Duration.ofMillis(500);

    private final WebhookSubscriptions subscriptions;
    private final Outbox outbox;
    private final Clock clock;

    OutboxWriter(WebhookSubscriptions subscriptions, Outbox outbox, Clock clock) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void changed(Prediction before, Prediction after) {
        if (!after.mayHaveCallerWebhook()) {
            return; // accepted without a webhook: no subscription to look for
        }
        Optional<WebhookSubscription> found = subscriptions.find(after.id());
        if (found.isEmpty()) {
            return;
        }
        WebhookSubscription subscription = found.get();
        Instant now = now();
        boolean sent = after.replicateId() != null;
        if (sent && !subscription.startEnqueued()) {
            subscriptions.startEnqueued(after.id());
            if (subscription.events().contains(WebhookEvent.START)) {
                outbox.enqueue(OutboxIds.messageId(), subscription, WebhookEvent.START, now, now);
            }
        }
        if (!after.status().isFinal() && before != null) {
            if (!Objects.equals(before.output(), after.output())) {
                throttled(subscription, WebhookEvent.OUTPUT, now);
            }
            if (!Objects.equals(before.logs(), after.logs())) {
                throttled(subscription, WebhookEvent.LOGS, now);
            }
        }
        boolean ended =
                after.status().isFinal() && (before == null || !before.status().isFinal());
        if (ended && subscription.events().contains(WebhookEvent.COMPLETED)) {
            outbox.enqueue(OutboxIds.messageId(), subscription, WebhookEvent.COMPLETED, now, now);
        }
    }

    private void throttled(WebhookSubscription subscription, WebhookEvent event, Instant now) {
        if (!subscription.events().contains(event) || outbox.hasUntried(subscription.predictionId(), event)) {
            return;
        }
        Instant due = subscription.lastEnqueuedAt() == null
                        || !subscription.lastEnqueuedAt().plus(THROTTLE).isAfter(now)
                ? now
                : subscription.lastEnqueuedAt().plus(THROTTLE);
        outbox.enqueue(OutboxIds.messageId(), subscription, event, due, now);
        subscriptions.enqueuedAt(subscription.predictionId(), due);
    }

    /** Microseconds, as the store keeps them: a time written compares equal when read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
