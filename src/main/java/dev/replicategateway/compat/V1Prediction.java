package dev.replicategateway.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A prediction (or training, then with {@code destination}) as Replicate's API shows it: our id, which
 * its {@code urls.get} points back at; Replicate's statuses ({@code starting} until it runs);
 * {@code output} in the model's own shape, with this service's kept copies' URLs once they are kept.
 * {@code webhook} and {@code webhook_events_filter} appear in webhook bodies, as in Replicate's.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record V1Prediction(
        String id,
        String model,
        String version,
        @JsonInclude(JsonInclude.Include.NON_NULL) String destination,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deployment,
        Map<String, Object> input,
        String logs,
        Object output,
        boolean dataRemoved,
        String error,
        String status,
        String source,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        Map<String, String> urls,
        Map<String, Object> metrics,
        @JsonInclude(JsonInclude.Include.NON_NULL) String webhook,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> webhookEventsFilter) {

    /** The same object as a webhook body carries it: with the webhook it was sent to. */
    V1Prediction withWebhook(String url, List<String> events) {
        return new V1Prediction(
                id,
                model,
                version,
                destination,
                deployment,
                input,
                logs,
                output,
                dataRemoved,
                error,
                status,
                source,
                createdAt,
                startedAt,
                completedAt,
                urls,
                metrics,
                url,
                events);
    }

    /** The same object in the state a {@code Prefer: wait} that ran out answers with. */
    V1Prediction stillStarting() {
        return new V1Prediction(
                id,
                model,
                version,
                destination,
                deployment,
                input,
                logs,
                output,
                dataRemoved,
                error,
                "starting",
                source,
                createdAt,
                startedAt,
                completedAt,
                urls,
                metrics,
                webhook,
                webhookEventsFilter);
    }
}
