package dev.replicategateway.training;

import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.prediction.IdempotencyKey;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.upload.CheckedFile;
import dev.replicategateway.upload.UploadedInputs;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.FieldNames;
import dev.replicategateway.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/trainings")
class TrainingController {

    private final TrainingService trainings;
    private final PredictionQueries queries;
    private final CurrentCaller caller;
    private final TrainingProperties properties;
    private final Validator validator;
    private final UploadedInputs uploads;

    TrainingController(
            TrainingService trainings,
            PredictionQueries queries,
            CurrentCaller caller,
            TrainingProperties properties,
            Validator validator,
            UploadedInputs uploads) {
        this.trainings = trainings;
        this.queries = queries;
        this.caller = caller;
        this.properties = properties;
        this.validator = validator;
        this.uploads = uploads;
    }

    private static String given(String field) {
        return field == null || field.isBlank() ? null : field;
    }

    @Operation(summary = "Start a LoRA training from a zip URL")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TrainingView> train(
            @Valid @RequestBody TrainingRequest request,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey) {
        return accepted(trainings.train(caller.get(), request, idempotencyKey));
    }

    /** The same request as multipart form fields, with the zip of images as the part {@code images}. */
    @Operation(summary = "Start a LoRA training from an uploaded zip (part 'images'), sent to Replicate's Files API")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<TrainingView> trainWithUpload(
            @RequestPart(name = "images", required = false) MultipartFile images,
            @RequestParam(name = "trigger_word", required = false) String triggerWord,
            @RequestParam(name = "destination", required = false) String destination,
            @RequestParam(name = "steps", required = false) Integer steps,
            @RequestParam(name = "lora_rank", required = false) Integer loraRank,
            @RequestParam(name = "optimizer", required = false) String optimizer,
            @RequestParam(name = "batch_size", required = false) Integer batchSize,
            @RequestParam(name = "learning_rate", required = false) Double learningRate,
            @RequestParam(name = "caption_prefix", required = false) String captionPrefix,
            @RequestParam(name = "trainer", required = false) String trainer,
            @RequestParam(name = "webhook", required = false) String webhook,
            @RequestParam(name = "webhook_events_filter", required = false) List<String> webhookEventsFilter,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false) @IdempotencyKey String idempotencyKey)
            throws IOException {
        // An HTML form sends every field, empty when not filled in: empty means not given.
        TrainingRequest request = new TrainingRequest(
                null,
                given(triggerWord),
                given(destination),
                steps,
                loraRank,
                given(optimizer),
                batchSize,
                learningRate,
                given(captionPrefix),
                given(trainer),
                given(webhook),
                webhookEventsFilter == null || webhookEventsFilter.isEmpty() ? null : webhookEventsFilter);
        List<FieldError> errors = new ArrayList<>(FieldNames.of(validator.validate(request), ""));
        if (images == null || images.isEmpty()) {
            errors.add(new FieldError("images", "is required: the zip of training images, as a file part"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        try (CheckedFile zip = uploads.zip(
                "images",
                images.getInputStream(),
                images.getOriginalFilename(),
                properties.maxUpload().toBytes())) {
            return accepted(trainings.trainWithUpload(caller.get(), request, zip, idempotencyKey));
        }
    }

    @Operation(summary = "A training; version and weights once succeeded")
    @GetMapping("/{id}")
    TrainingView get(@PathVariable String id) {
        return trainings.view(caller.get(), id);
    }

    @GetMapping
    Map<String, Object> list(
            @RequestParam(required = false) PredictionStatus status,
            @RequestParam(required = false) @Size(max = 200) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        var page = queries.page(caller.get(), null, WorkKind.TRAINING, status, null, cursor, limit);
        var results = page.rows().stream().map(trainings::view).toList();
        return page.nextCursor() == null
                ? Map.of("results", results)
                : Map.of("results", results, "next_cursor", page.nextCursor());
    }

    @Operation(summary = "Ask for a training's cancel")
    @PostMapping("/{id}/cancel")
    ResponseEntity<TrainingView> cancel(@PathVariable String id) {
        Prediction training = queries.find(caller.get(), WorkKind.TRAINING, id)
                .orElseThrow(() -> PredictionNotFoundException.forTraining(id));
        return ResponseEntity.accepted().body(trainings.view(queries.requestCancel(training)));
    }

    private ResponseEntity<TrainingView> accepted(PredictionIntake.Accepted accepted) {
        Prediction training = accepted.predictions().get(0);
        return ResponseEntity.accepted()
                .location(URI.create("/trainings/" + training.id()))
                .header(IdempotencyKey.REPLAYED, String.valueOf(accepted.replayed()))
                .body(trainings.view(training));
    }
}
