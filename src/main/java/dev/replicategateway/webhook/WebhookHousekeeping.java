package dev.replicategateway.webhook;

import dev.replicategateway.prediction.UpstreamEvents;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Hourly: forgets delivery ids past their retention, and parked events whose create never came back. */
@Component
@ConditionalOnProperty(name = "gateway.lifecycle.scheduling", havingValue = "true", matchIfMissing = true)
class WebhookHousekeeping {

    private final WebhookDeliveries deliveries;
    private final UpstreamEvents events;
    private final WebhookProperties properties;
    private final Clock clock;

    WebhookHousekeeping(
            WebhookDeliveries deliveries, UpstreamEvents events, WebhookProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "1h", initialDelayString = "5m")
    void purge() {
        deliveries.purgeOlderThan(clock.instant().minus(properties.keepDeliveries()));
        events.purgeParkedOlderThan(Duration.ofDays(1));
    }
}
