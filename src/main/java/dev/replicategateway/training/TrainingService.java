package dev.replicategateway.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.Caller;
import dev.replicategateway.callerwebhook.CallerWebhooks;
import dev.replicategateway.callerwebhook.WebhookBody;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.upload.CheckedFile;
import dev.replicategateway.upload.StoredUpload;
import dev.replicategateway.upload.UploadedInputs;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.PublicBaseUrl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Accepts trainings into the durable lifecycle and reads them back. A destination model belongs to
 * the caller that first trains into it; a caller without one named trains into its own default. An
 * uploaded zip is checked, fingerprinted and admitted (quota, Idempotency-Key) before it is uploaded
 * to Replicate's Files API, streamed from disk, and deleted there once the training is final.
 */
@Service
class TrainingService {

    private final PredictionIntake intake;
    private final PredictionQueries queries;
    private final TrainingRecords records;
    private final ModelOwners owners;
    private final UploadedInputs uploads;
    private final Prices prices;
    private final TrainingProperties properties;
    private final ObjectMapper json;
    private final CallerWebhooks webhooks;
    private final PublicBaseUrl baseUrl;

    TrainingService(
            PredictionIntake intake,
            PredictionQueries queries,
            TrainingRecords records,
            ModelOwners owners,
            UploadedInputs uploads,
            Prices prices,
            TrainingProperties properties,
            ObjectMapper json,
            CallerWebhooks webhooks,
            PublicBaseUrl baseUrl) {
        this.intake = intake;
        this.queries = queries;
        this.records = records;
        this.owners = owners;
        this.uploads = uploads;
        this.prices = prices;
        this.properties = properties;
        this.json = json;
        this.webhooks = webhooks;
        this.baseUrl = baseUrl;
    }

    PredictionIntake.Accepted train(Caller caller, TrainingRequest request, String idempotencyKey) {
        if (request.imagesUrl() == null) {
            throw InvalidRequestException.of(
                    "images_url", "is required (or upload the zip as the multipart part 'images')");
        }
        Planned planned = plan(caller, request);
        Consumer<List<Prediction>> subscribing = subscribing(caller, request);
        return intake.accept(
                caller,
                List.of(planned.item()),
                idempotencyKey,
                RequestFingerprint.of(json, "trainings", request),
                properties.deadline(),
                stored -> {
                    owners.claim(caller.name(), planned.destination());
                    records.insert(planned.details(stored.get(0).id()));
                    subscribing.accept(stored);
                });
    }

    /**
     * The same with the zip uploaded: an earlier request with this key and the same zip is answered
     * without uploading again; the upload happens only once the training is sure to be admitted.
     */
    PredictionIntake.Accepted trainWithUpload(
            Caller caller, TrainingRequest request, CheckedFile zip, String idempotencyKey) {
        String fingerprint = RequestFingerprint.of(json, "trainings/upload", request, zip.sha256());
        Optional<PredictionIntake.Accepted> replay = intake.replay(caller, idempotencyKey, fingerprint);
        if (replay.isPresent()) {
            return replay.get();
        }
        Planned provisional = plan(caller, request.withImagesUrl("https://pending.invalid/" + zip.name()));
        Consumer<List<Prediction>> subscribing = subscribing(caller, request);
        intake.check(caller, List.of(provisional.item()));
        StoredUpload file = uploads.upload(caller.name(), zip);
        Planned planned = plan(caller, request.withImagesUrl(file.url()));
        try {
            return intake.accept(
                    caller, List.of(planned.item()), idempotencyKey, fingerprint, properties.deadline(), stored -> {
                        owners.claim(caller.name(), planned.destination());
                        records.insert(planned.details(stored.get(0).id()));
                        uploads.attach(file, stored.get(0).id());
                        subscribing.accept(stored);
                    });
        } catch (RuntimeException refused) {
            uploads.discard(file);
            throw refused;
        }
    }

    TrainingView view(Caller caller, String id) {
        Prediction training = queries.find(caller, WorkKind.TRAINING, id)
                .orElseThrow(() -> PredictionNotFoundException.forTraining(id));
        return TrainingView.of(training, records.find(id).orElseThrow());
    }

    TrainingView view(Prediction training) {
        return TrainingView.of(training, records.find(training.id()).orElseThrow());
    }

    private record Planned(NewPrediction item, String destination, String triggerWord, String trainer) {
        TrainingRecords.Details details(String id) {
            return new TrainingRecords.Details(id, destination, triggerWord, trainer);
        }
    }

    private Consumer<List<Prediction>> subscribing(Caller caller, TrainingRequest request) {
        List<FieldError> problems =
                webhooks.problems(request.webhook(), request.webhookEventsFilter(), "webhook", "webhook_events_filter");
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        if (request.webhook() == null) {
            return stored -> {};
        }
        String base = baseUrl.get();
        return stored -> webhooks.subscribe(
                caller.name(),
                stored.get(0).id(),
                request.webhook(),
                request.webhookEventsFilter(),
                WebhookBody.GATEWAY,
                base);
    }

    private Planned plan(Caller caller, TrainingRequest request) {
        String destination = destinationOf(caller, request);
        owners.checkMayTrainInto(caller.name(), destination);
        String trainer = request.trainer() != null ? request.trainer() : properties.trainer();
        try {
            ModelRef.parse(trainer);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("trainer", e.getMessage());
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("input_images", request.imagesUrl());
        input.put("trigger_word", request.triggerWord());
        input.put("steps", request.steps() != null ? request.steps() : 1000);
        input.put("lora_rank", request.loraRank() != null ? request.loraRank() : 16);
        input.put("optimizer", request.optimizer() != null ? request.optimizer() : "adamw8bit");
        input.put("batch_size", request.batchSize() != null ? request.batchSize() : 1);
        input.put("learning_rate", request.learningRate() != null ? request.learningRate() : 4e-4);
        input.put(
                "caption_prefix",
                request.captionPrefix() != null ? request.captionPrefix() : "a photo of " + request.triggerWord());
        NewPrediction item = new NewPrediction(WorkKind.TRAINING, trainer, input, prices.estimate(trainer, input))
                .withCallerWebhook(request.webhook() != null);
        return new Planned(item, destination, request.triggerWord(), trainer);
    }

    private String destinationOf(Caller caller, TrainingRequest request) {
        if (request.destination() != null) {
            return request.destination();
        }
        return properties
                .defaultDestinationOf(caller.name())
                .orElseThrow(() ->
                        InvalidRequestException.of("destination", "is required when REPLICATE_USERNAME is not set"));
    }
}
