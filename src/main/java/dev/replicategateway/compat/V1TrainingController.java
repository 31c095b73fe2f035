package dev.replicategateway.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.callerwebhook.CallerWebhooks;
import dev.replicategateway.prediction.IdempotencyKey;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionFilter;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.training.Trainings;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.web.util.UriComponentsBuilder;

/** Replicate's trainings API: create on a trainer version, get, list, cancel. */
@RestController
@RequestMapping("/v1")
@Tag(name = "Replicate-compatible API")
class V1TrainingController {

    private static final int PAGE = 100;

    private final Trainings trainings;
    private final PredictionQueries queries;
    private final V1Objects objects;
    private final V1Predictions predictions;
    private final CallerWebhooks webhooks;
    private final CurrentCaller caller;
    private final PublicBaseUrl baseUrl;
    private final ObjectMapper json;

    V1TrainingController(
            Trainings trainings,
            PredictionQueries queries,
            V1Objects objects,
            V1Predictions predictions,
            CallerWebhooks webhooks,
            CurrentCaller caller,
            PublicBaseUrl baseUrl,
            ObjectMapper json) {
        this.trainings = trainings;
        this.queries = queries;
        this.objects = objects;
        this.predictions = predictions;
        this.webhooks = webhooks;
        this.caller = caller;
        this.baseUrl = baseUrl;
        this.json = json;
    }

    @Operation(summary = "Start a training of a trainer version into a destination model")
    @PostMapping("/models/{owner}/{name}/versions/{version}/trainings")
    ResponseEntity<V1Prediction> create(
            @PathVariable String owner,
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody V1CreateTraining body,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        String trainer = owner + "/" + name + ":" + version;
        List<FieldError> errors = new ArrayList<>(trainings.problemsOfTrainer(trainer, "version"));
        if (body.destination() == null || !body.destination().matches("[A-Za-z0-9][\\w.-]*/[A-Za-z0-9][\\w.-]*")) {
            errors.add(
                    new FieldError("destination", "must be owner/name of the model the training makes a version of"));
        }
        if (body.input() == null) {
            errors.add(new FieldError("input", "is required"));
        }
        errors.addAll(
                webhooks.problems(body.webhook(), body.webhookEventsFilter(), "webhook", "webhook_events_filter"));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        String base = baseUrl.get();
        PredictionIntake.Accepted accepted = trainings.start(
                caller.get(),
                trainer,
                body.destination(),
                body.input(),
                idempotencyKey,
                RequestFingerprint.of(json, "v1/trainings/" + trainer, body),
                predictions.subscribing(caller.get(), body.webhook(), body.webhookEventsFilter(), base));
        V1Prediction training = objects.of(accepted.predictions().get(0), base);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(training.urls().get("get")))
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(training);
    }

    @Operation(summary = "A training, answered from the store")
    @GetMapping("/trainings/{id}")
    V1Prediction get(@PathVariable String id) {
        return objects.of(find(id), baseUrl.get());
    }

    @Operation(summary = "The caller's trainings, newest first, 100 a page")
    @GetMapping("/trainings")
    V1Page<V1Prediction> list(@RequestParam(required = false) String cursor) {
        String base = baseUrl.get();
        var page = queries.page(caller.get(), PredictionFilter.of(WorkKind.TRAINING), cursor, PAGE);
        String next = page.nextCursor() == null
                ? null
                : UriComponentsBuilder.fromUriString(base + "/v1/trainings")
                        .queryParam("cursor", page.nextCursor())
                        .build()
                        .toUriString();
        return new V1Page<>(
                next, null, page.rows().stream().map(t -> objects.of(t, base)).toList());
    }

    @Operation(summary = "Cancel a training; a finished one is answered as it is")
    @PostMapping("/trainings/{id}/cancel")
    V1Prediction cancel(@PathVariable String id) {
        Prediction training = find(id);
        Prediction answered = training.status().isFinal() ? training : queries.requestCancel(training);
        return objects.of(answered, baseUrl.get());
    }

    private Prediction find(String id) {
        return queries.find(caller.get(), WorkKind.TRAINING, id)
                .orElseThrow(() -> PredictionNotFoundException.forTraining(id));
    }
}
