package dev.replicategateway.prediction;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/predictions")
class PredictionController {

    private final PredictionQueries queries;
    private final CurrentCaller caller;
    private final PredictionEventStreams streams;
    private final OptionalBean<KeptOutputs> keptOutputs;
    private final SignedLinks links;
    private final OptionalBean<CallerWebhookReport.Source> webhookReports;

    PredictionController(
            PredictionQueries queries,
            CurrentCaller caller,
            PredictionEventStreams streams,
            ObjectProvider<KeptOutputs> keptOutputs,
            SignedLinks links,
            ObjectProvider<CallerWebhookReport.Source> webhookReports) {
        this.queries = queries;
        this.caller = caller;
        this.streams = streams;
        this.keptOutputs = OptionalBean.of(keptOutputs);
        this.links = links;
        this.webhookReports = OptionalBean.of(webhookReports);
    }

    private PredictionView view(Prediction prediction) {
        KeptOutputs kept = keptOutputs.get();
        return view(prediction, kept == null ? null : kept.of(prediction), reports(List.of(prediction)));
    }

    private PredictionView view(
            Prediction prediction, KeptOutputs.Status kept, Map<String, CallerWebhookReport> reports) {
        return PredictionView.of(
                prediction, kept, links.events(prediction.id(), prediction.owner()), reports.get(prediction.id()));
    }

    private Map<String, CallerWebhookReport> reports(List<Prediction> predictions) {
        CallerWebhookReport.Source source = webhookReports.get();
        // Only those that may have one: a prediction accepted without a webhook costs no lookup.
        List<String> ids = predictions.stream()
                .filter(Prediction::mayHaveCallerWebhook)
                .map(Prediction::id)
                .toList();
        return source == null || ids.isEmpty() ? Map.of() : source.of(ids);
    }

    @Operation(summary = "A prediction, answered from the store (never a call to Replicate)")
    @GetMapping("/{id}")
    PredictionView get(@PathVariable String id) {
        return view(find(id));
    }

    @Operation(
            summary = "The caller's predictions, newest first, in cursor pages",
            description = "With a client token, its end user's only; with the key, one end user's when user is given.")
    @GetMapping
    PredictionPageView list(
            @RequestParam(required = false) PredictionStatus status,
            @RequestParam(required = false) @Size(max = 300) String model,
            @RequestParam(required = false) @Size(max = 200) String user,
            @RequestParam(required = false) @Size(max = 200) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        var page = queries.page(caller.get(), user, WorkKind.PREDICTION, status, model, cursor, limit);
        KeptOutputs kept = keptOutputs.get();
        Map<String, KeptOutputs.Status> statuses = kept == null ? Map.of() : kept.of(page.rows());
        Map<String, CallerWebhookReport> reports = reports(page.rows());
        return new PredictionPageView(
                page.rows().stream()
                        .map(prediction -> view(prediction, statuses.get(prediction.id()), reports))
                        .toList(),
                page.nextCursor());
    }

    @Operation(
            summary = "Live status, progress and log lines as Server-Sent Events, ending with the final state",
            description = "Each state event carries an id; reconnect with Last-Event-ID to resume after it. "
                    + "Opens with the API key or through the signed links.events link (for EventSource).")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(
            @PathVariable String id, @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long after = 0;
        if (lastEventId != null && !lastEventId.isBlank()) {
            try {
                after = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                throw InvalidRequestException.of("Last-Event-ID", "must be an event id this API sent");
            }
        }
        return streams.open(find(id), after);
    }

    @Operation(summary = "Ask for a cancel; 409 when already final")
    @PostMapping("/{id}/cancel")
    ResponseEntity<PredictionView> cancel(@PathVariable String id) {
        return ResponseEntity.accepted().body(view(queries.requestCancel(find(id))));
    }

    private Prediction find(String id) {
        if (!Prediction.isWellFormedId(id)) {
            throw PredictionNotFoundException.forId(id);
        }
        return queries.find(caller.get(), WorkKind.PREDICTION, id)
                .orElseThrow(() -> PredictionNotFoundException.forId(id));
    }
}
