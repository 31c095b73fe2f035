package dev.replicategateway.webhook;

import dev.replicategateway.prediction.UpstreamEvents;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateWire;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Verifies a delivery on its raw bytes, then records its id and applies it in one transaction, so a
 * redelivery (same webhook-id, on any instance) is acknowledged and ignored, and a failure leaves
 * nothing recorded for Replicate's retry to trip over.
 */
@Service
class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    enum Outcome {
        APPLIED,
        PARKED,
        DUPLICATE
    }

    private final WebhookSecrets secrets;
    private final WebhookDeliveries deliveries;
    private final UpstreamEvents events;
    private final TransactionTemplate transactions;
    private final WebhookProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;

    WebhookReceiver(
            WebhookSecrets secrets,
            WebhookDeliveries deliveries,
            UpstreamEvents events,
            TransactionTemplate transactions,
            WebhookProperties properties,
            MeterRegistry meters,
            Clock clock) {
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.events = events;
        this.transactions = transactions;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    Outcome receive(String id, String timestamp, String signatures, byte[] body) {
        WebhookSignature.Verdict verdict = verify(id, timestamp, signatures, body);
        meters.counter(
                        "gateway.webhooks.verifications",
                        "outcome",
                        verdict.name().toLowerCase())
                .increment();
        if (verdict != WebhookSignature.Verdict.VALID) {
            log.warn("Rejected a webhook: {}", verdict);
            throw WebhookRejectedException.unverified(verdict);
        }
        ReplicatePrediction event;
        try {
            event = ReplicateWire.prediction(body);
        } catch (IOException e) {
            throw WebhookRejectedException.malformed();
        }
        try {
            Outcome outcome = transactions.execute(tx -> {
                deliveries.record(id, event.id(), clock.instant());
                return events.receive(event, body, "webhook") == UpstreamEvents.Outcome.APPLIED
                        ? Outcome.APPLIED
                        : Outcome.PARKED;
            });
            meters.counter(
                            "gateway.webhooks.received",
                            "outcome",
                            outcome.name().toLowerCase())
                    .increment();
            return outcome;
        } catch (DuplicateKeyException redelivery) {
            meters.counter("gateway.webhooks.received", "outcome", "duplicate").increment();
            return Outcome.DUPLICATE;
        }
    }

    private WebhookSignature.Verdict verify(String id, String timestamp, String signatures, byte[] body) {
        try {
            WebhookSignature.Verdict verdict = WebhookSignature.verify(
                    id, timestamp, signatures, body, secrets::current, clock.instant(), properties.tolerance());
            if (verdict == WebhookSignature.Verdict.BAD_SIGNATURE) {
                return secrets.refreshed()
                        .map(secret -> WebhookSignature.verify(
                                id, timestamp, signatures, body, secret, clock.instant(), properties.tolerance()))
                        .orElse(verdict);
            }
            return verdict;
        } catch (ReplicateException e) {
            log.warn("Cannot fetch the webhook secret: {}", e.getMessage());
            throw WebhookRejectedException.secretUnavailable();
        }
    }
}
