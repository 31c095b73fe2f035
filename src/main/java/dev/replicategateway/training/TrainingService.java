package dev.replicategateway.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.PredictionNotFoundException;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.UploadedFile;
import dev.replicategateway.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Accepts trainings into the durable lifecycle and reads them back; uploads a zip through the Files API. */
@Service
class TrainingService {

    private final PredictionIntake intake;
    private final PredictionQueries queries;
    private final TrainingRecords records;
    private final ReplicateService replicate;
    private final TrainingProperties properties;
    private final ObjectMapper json;

    TrainingService(
            PredictionIntake intake,
            PredictionQueries queries,
            TrainingRecords records,
            ReplicateService replicate,
            TrainingProperties properties,
            ObjectMapper json) {
        this.intake = intake;
        this.queries = queries;
        this.records = records;
        this.replicate = replicate;
        this.properties = properties;
        this.json = json;
    }

    PredictionIntake.Accepted train(String owner, TrainingRequest request, String idempotencyKey) {
        if (request.imagesUrl() == null) {
            throw InvalidRequestException.of(
                    "images_url", "is required (or upload the zip as the multipart part 'images')");
        }
        String destination = destinationOf(request);
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
        return intake.accept(
                owner,
                List.of(new NewPrediction(WorkKind.TRAINING, trainer, input)),
                idempotencyKey,
                fingerprint(request),
                properties.deadline(),
                stored -> records.insert(
                        new TrainingRecords.Details(stored.get(0).id(), destination, request.triggerWord(), trainer)));
    }

    /** Uploads a zip of training images to Replicate's Files API; its URL becomes the training's input. */
    String upload(String filename, byte[] zip) {
        UploadedFile file = replicate.uploadFile(filename == null ? "images.zip" : filename, "application/zip", zip);
        return file.getUrl();
    }

    TrainingView view(String owner, String id) {
        Prediction training = queries.find(owner, WorkKind.TRAINING, id)
                .orElseThrow(() -> PredictionNotFoundException.forTraining(id));
        return TrainingView.of(training, records.find(id).orElseThrow());
    }

    TrainingView view(Prediction training) {
        return TrainingView.of(training, records.find(training.id()).orElseThrow());
    }

    private String destinationOf(TrainingRequest request) {
        if (request.destination() != null) {
            return request.destination();
        }
        if (properties.replicateUsername() == null
                || properties.replicateUsername().isBlank()) {
            throw InvalidRequestException.of("destination", "is required when REPLICATE_USERNAME is not set");
        }
        return properties.replicateUsername() + "/" + properties.modelName();
    }

    private String fingerprint(TrainingRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("trainings\0" + json.writeValueAsString(request)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }
}
