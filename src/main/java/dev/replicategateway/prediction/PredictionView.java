package dev.replicategateway.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A prediction as this API shows it. {@code progress} is 0–1, or null while unknown; {@code logs} is a
 * bounded tail; {@code input} is exactly what was sent to Replicate. Once its outputs are kept,
 * {@code output} lists this service's own URLs and {@code replicate_output} the original ones;
 * {@code outputs_persisted} is false while they are being copied. Output and event-stream URLs are
 * short-lived signed links, so a browser can open them without the API key. {@code estimated_cost} is
 * what it was expected to cost when accepted, {@code cost} what it cost once final (US$);
 * {@code cached_from} names the earlier prediction whose kept result answered it, at no cost.
 */
public record PredictionView(
        String id,
        PredictionStatus status,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double progress,
        String model,
        String user,
        Map<String, Object> input,
        List<String> output,
        List<String> replicateOutput,
        Boolean outputsPersisted,
        String outputsError,
        String error,
        String logs,
        Map<String, Object> metrics,
        Double estimatedCost,
        Double cost,
        String cachedFrom,
        CallerWebhookReport webhook,
        String replicateId,
        boolean cancelRequested,
        Instant createdAt,
        Instant submittedAt,
        Instant startedAt,
        Instant completedAt,
        Map<String, String> links) {

    static final int LOGS_SHOWN = 5000;

    /**
     * @param kept what the service keeps of the outputs; null when it keeps none
     * @param events the (signed) link to the prediction's event stream
     */
    public static PredictionView of(Prediction p, KeptOutputs.Status kept, String events) {
        return of(p, kept, events, null);
    }

    /** @param webhook what became of the caller's webhook deliveries, or null when it asked for none */
    public static PredictionView of(Prediction p, KeptOutputs.Status kept, String events, CallerWebhookReport webhook) {
        String logs = logsTail(p.logs());
        String self = "/predictions/" + p.id();
        List<String> original = urls(p.output());
        boolean ours = kept != null && kept.persisted();
        return new PredictionView(
                p.id(),
                p.status(),
                p.progress(),
                p.model(),
                p.user(),
                p.input(),
                ours ? kept.urls() : original,
                kept == null ? null : original,
                kept == null ? null : kept.persisted(),
                kept == null ? null : kept.error(),
                p.error(),
                logs,
                p.metrics(),
                p.estimatedCost(),
                p.cost(),
                p.cachedFrom(),
                webhook,
                p.replicateId(),
                p.cancelRequested(),
                p.createdAt(),
                p.submittedAt(),
                p.startedAt(),
                p.completedAt(),
                Map.of("self", self, "cancel", self + "/cancel", "events", events));
    }

    /** The same view with its own links made absolute on {@code baseUrl}: a webhook body is read elsewhere. */
    public PredictionView withBase(String baseUrl) {
        return new PredictionView(
                id,
                status,
                progress,
                model,
                user,
                input,
                output == null
                        ? null
                        : output.stream().map(url -> absolute(baseUrl, url)).toList(),
                replicateOutput,
                outputsPersisted,
                outputsError,
                error,
                logs,
                metrics,
                estimatedCost,
                cost,
                cachedFrom,
                webhook,
                replicateId,
                cancelRequested,
                createdAt,
                submittedAt,
                startedAt,
                completedAt,
                links.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> absolute(baseUrl, entry.getValue()))));
    }

    private static String absolute(String baseUrl, String url) {
        return baseUrl != null && url != null && url.startsWith("/") ? baseUrl + url : url;
    }

    /** The last {@value #LOGS_SHOWN} characters of a prediction's or training's logs, as the API shows them. */
    public static String logsTail(String logs) {
        return logs == null || logs.length() <= LOGS_SHOWN ? logs : logs.substring(logs.length() - LOGS_SHOWN);
    }

    /**
     * The output as this API shows it: always a list. Its file URLs, whatever shape the model answered
     * (a list, a single URL, an object holding them); an output without any (text) as its one item.
     */
    public static List<String> urls(JsonNode output) {
        if (output == null || output.isNull()) {
            return null;
        }
        List<String> urls = OutputUrls.of(output);
        if (!urls.isEmpty()) {
            return urls;
        }
        return List.of(output.isTextual() ? output.asText() : output.toString());
    }
}
