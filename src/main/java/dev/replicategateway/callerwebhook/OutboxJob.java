package dev.replicategateway.callerwebhook;

import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Delivers the outbox every second; off with the rest of the scheduled work in tests. */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class OutboxJob {

    private static final Duration HISTORY = Duration.ofDays(7);

    private final OutboxDeliverer deliverer;
    private final Outbox outbox;
    private final Clock clock;

    OutboxJob(OutboxDeliverer deliverer, Outbox outbox, Clock clock) {
        this.deliverer = deliverer;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${gateway.caller-webhooks.interval:1s}", initialDelayString = "2s")
    void deliver() {
        deliverer.deliverDue();
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void forget() {
        outbox.forgetDelivered(clock.instant().minus(HISTORY));
    }
}
