package dev.replicategateway.callerwebhook;

import dev.replicategateway.prediction.CallerWebhookReport;
import dev.replicategateway.web.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * What the front doors use: checks a requested webhook, subscribes it in the transaction that accepts
 * the work, and reports what became of its deliveries.
 */
@Service
public class CallerWebhooks implements CallerWebhookReport.Source {

    private final WebhookTargets targets;
    private final WebhookSubscriptions subscriptions;
    private final Outbox outbox;

    CallerWebhooks(WebhookTargets targets, WebhookSubscriptions subscriptions, Outbox outbox) {
        this.targets = targets;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
    }

    /**
     * What is wrong with a requested webhook, each problem under the request's own field name.
     *
     * @param url the webhook URL, or null when none is asked for
     * @param events the event names asked for, or null (all)
     */
    public List<FieldError> problems(String url, List<String> events, String urlField, String eventsField) {
        List<FieldError> errors = new ArrayList<>();
        if (url == null) {
            if (events != null && !events.isEmpty()) {
                errors.add(new FieldError(eventsField, "needs a webhook to filter"));
            }
            return errors;
        }
        String problem = targets.problemOf(url);
        if (problem != null) {
            errors.add(new FieldError(urlField, problem));
        }
        if (events != null) {
            for (int i = 0; i < events.size(); i++) {
                if (events.get(i) == null || !WebhookEvent.isName(events.get(i))) {
                    errors.add(new FieldError(
                            eventsField + "[" + i + "]", "must be one of start, output, logs, completed"));
                }
            }
        }
        return errors;
    }

    /**
     * Subscribes {@code url} to the events of one accepted prediction or training; call inside the
     * transaction that stores it.
     *
     * @param format the body's shape: {@link WebhookBody#GATEWAY} or {@link WebhookBody#REPLICATE}
     * @param baseUrl where the caller reached this service, for the body's absolute links
     */
    public void subscribe(
            String owner, String predictionId, String url, List<String> events, String format, String baseUrl) {
        subscriptions.insert(new WebhookSubscription(
                predictionId, owner, url, WebhookEvent.parse(events), format, baseUrl, false, null));
    }

    @Override
    public Map<String, CallerWebhookReport> of(Collection<String> predictionIds) {
        Map<String, List<OutboxEntry>> byPrediction = new LinkedHashMap<>();
        for (OutboxEntry entry : outbox.of(predictionIds)) {
            byPrediction
                    .computeIfAbsent(entry.predictionId(), id -> new ArrayList<>())
                    .add(entry);
        }
        Map<String, CallerWebhookReport> reports = new LinkedHashMap<>();
        byPrediction.forEach((id, entries) -> reports.put(id, report(entries)));
        return reports;
    }

    private static CallerWebhookReport report(List<OutboxEntry> entries) {
        int delivered = 0;
        int pending = 0;
        int dead = 0;
        String lastError = null;
        Instant next = null;
        for (OutboxEntry entry : entries) {
            switch (entry.state()) {
                case DELIVERED -> delivered++;
                case DEAD -> dead++;
                case PENDING -> {
                    pending++;
                    next = next == null || entry.nextAttemptAt().isBefore(next) ? entry.nextAttemptAt() : next;
                }
            }
            if (entry.state() != OutboxEntry.State.DELIVERED && entry.lastError() != null) {
                lastError = entry.lastError();
            }
        }
        return new CallerWebhookReport(entries.get(0).url(), delivered, pending, dead, lastError, next);
    }
}
