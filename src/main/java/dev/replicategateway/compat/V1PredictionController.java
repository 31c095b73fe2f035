package dev.replicategateway.compat;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.prediction.IdempotencyKey;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionFilter;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.util.UriComponentsBuilder;

/** Replicate's predictions API: create (by version, model or deployment), get, list, cancel. */
@RestController
@RequestMapping("/v1")
@Tag(name = "Replicate-compatible API")
class V1PredictionController {

    private static final int PAGE = 100;

    private final V1Predictions predictions;
    private final PredictionQueries queries;
    private final PredictionWaits waits;
    private final V1Objects objects;
    private final CurrentCaller caller;
    private final PublicBaseUrl baseUrl;

    V1PredictionController(
            V1Predictions predictions,
            PredictionQueries queries,
            PredictionWaits waits,
            V1Objects objects,
            CurrentCaller caller,
            PublicBaseUrl baseUrl) {
        this.predictions = predictions;
        this.queries = queries;
        this.waits = waits;
        this.objects = objects;
        this.caller = caller;
        this.baseUrl = baseUrl;
    }

    @Operation(summary = "Create a prediction of a version (owner/name, owner/name:version or a version id)")
    @PostMapping("/predictions")
    DeferredResult<ResponseEntity<?>> create(
            @RequestBody V1CreatePrediction body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        return created(body.version(), "version", body, prefer, cancelAfter, idempotencyKey);
    }

    @Operation(summary = "Create a prediction of an official model's latest version")
    @PostMapping("/models/{owner}/{name}/predictions")
    DeferredResult<ResponseEntity<?>> createForModel(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody V1CreatePrediction body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        return created(owner + "/" + name, "model", body, prefer, cancelAfter, idempotencyKey);
    }

    @Operation(summary = "Create a prediction on a deployment")
    @PostMapping("/deployments/{owner}/{name}/predictions")
    DeferredResult<ResponseEntity<?>> createForDeployment(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody V1CreatePrediction body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        return created("deployments/" + owner + "/" + name, "deployment", body, prefer, cancelAfter, idempotencyKey);
    }

    /**
     * Answers 201 with a final prediction, 202 with one still running: at once, or after up to the
     * {@code Prefer: wait} time, read from the store.
     */
    private DeferredResult<ResponseEntity<?>> created(
            String ref,
            String refField,
            V1CreatePrediction body,
            String prefer,
            String cancelAfter,
            String idempotencyKey) {
        String base = baseUrl.get();
        PredictionIntake.Accepted accepted = predictions.create(
                caller.get(), ref, refField, body, idempotencyKey, CancelAfter.of(cancelAfter), base);
        Prediction prediction = accepted.predictions().get(0);
        String replayed = String.valueOf(accepted.replayed());
        Optional<Duration> wait = PreferWait.of(prefer);
        if (wait.isEmpty()) {
            DeferredResult<ResponseEntity<?>> now = new DeferredResult<>();
            now.setResult(answer(prediction, base, replayed, false));
            return now;
        }
        return waits.await(
                prediction,
                wait.get(),
                done -> answer(done, base, replayed, false),
                running -> answer(running, base, replayed, true));
    }

    /**
     * @param waitedOut a {@code Prefer: wait} ran out: the prediction is shown {@code starting}, which
     *     the JavaScript client reads as "poll it" (it takes any other status for finished)
     */
    private ResponseEntity<?> answer(Prediction prediction, String base, String replayed, boolean waitedOut) {
        V1Prediction object = objects.of(prediction, base);
        boolean done = prediction.status().isFinal();
        return ResponseEntity.status(done ? HttpStatus.CREATED : HttpStatus.ACCEPTED)
                .location(URI.create(object.urls().get("get")))
                .header(IdempotencyKey.REPLAYED, replayed)
                .body(waitedOut && !done ? object.stillStarting() : object);
    }

    @Operation(summary = "A prediction (or training), answered from the store")
    @GetMapping("/predictions/{id}")
    V1Prediction get(@PathVariable String id) {
        return objects.of(find(id), baseUrl.get());
    }

    @Operation(summary = "The caller's predictions, newest first, 100 a page")
    @GetMapping("/predictions")
    V1Page<V1Prediction> list(
            @RequestParam(required = false) String cursor,
            @RequestParam(name = "created_after", required = false) String createdAfter,
            @RequestParam(name = "created_before", required = false) String createdBefore) {
        String base = baseUrl.get();
        PredictionFilter filter = PredictionFilter.of(WorkKind.PREDICTION)
                .createdBetween(instant("created_after", createdAfter), instant("created_before", createdBefore));
        var page = queries.page(caller.get(), filter, cursor, PAGE);
        String next = page.nextCursor() == null
                ? null
                : UriComponentsBuilder.fromUriString(base + "/v1/predictions")
                        .queryParam("cursor", page.nextCursor())
                        .queryParamIfPresent("created_after", Optional.ofNullable(createdAfter))
                        .queryParamIfPresent("created_before", Optional.ofNullable(createdBefore))
                        .encode()
                        .build()
                        .toUriString();
        return new V1Page<>(
                next,
                null,
                page.rows().stream()
                        .map(prediction -> objects.of(prediction, base))
                        .toList());
    }

    @Operation(summary = "Cancel a prediction; a finished one is answered as it is")
    @PostMapping("/predictions/{id}/cancel")
    V1Prediction cancel(@PathVariable String id) {
        Prediction prediction = find(id);
        Prediction answered = prediction.status().isFinal() ? prediction : queries.requestCancel(prediction);
        return objects.of(answered, baseUrl.get());
    }

    /** A prediction, or a training (Replicate's clients wait on trainings at this path too). */
    private Prediction find(String id) {
        return queries.find(caller.get(), WorkKind.PREDICTION, id)
                .or(() -> queries.find(caller.get(), WorkKind.TRAINING, id))
                .orElseThrow(() -> PredictionNotFoundException.forId(id));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "must be an ISO 8601 date-time such as 2025-01-01T00:00:00Z");
        }
    }
}
