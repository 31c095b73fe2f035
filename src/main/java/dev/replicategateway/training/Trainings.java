package dev.replicategateway.training;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.web.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Trainings as another front door gives them (the Replicate-compatible API): a trainer version, a
 * destination and the trainer's own input, accepted through the same intake, with the same ownership
 * of destinations, as {@code /trainings}.
 */
@Service
public class Trainings {

    private final PredictionIntake intake;
    private final TrainingRecords records;
    private final ModelOwners owners;
    private final Prices prices;
    private final TrainingProperties properties;

    Trainings(
            PredictionIntake intake,
            TrainingRecords records,
            ModelOwners owners,
            Prices prices,
            TrainingProperties properties) {
        this.intake = intake;
        this.records = records;
        this.owners = owners;
        this.prices = prices;
        this.properties = properties;
    }

    /**
     * @param trainer {@code owner/name:version} of the trainer
     * @param destination {@code owner/name} of the model it makes a version of; another caller's is refused
     * @param alsoStore runs in the accepting transaction with the stored training
     */
    public PredictionIntake.Accepted start(
            Caller caller,
            String trainer,
            String destination,
            Map<String, Object> input,
            String idempotencyKey,
            String requestHash,
            Consumer<List<Prediction>> alsoStore) {
        owners.checkMayTrainInto(caller.name(), destination);
        Object trigger = input.get("trigger_word");
        NewPrediction item = new NewPrediction(WorkKind.TRAINING, trainer, input, prices.estimate(trainer, input));
        Duration deadline = properties.deadline();
        return intake.accept(caller, List.of(item), idempotencyKey, requestHash, deadline, stored -> {
            owners.claim(caller.name(), destination);
            records.insert(new TrainingRecords.Details(
                    stored.get(0).id(), destination, trigger instanceof String word ? word : null, trainer));
            alsoStore.accept(stored);
        });
    }

    /** What is wrong with {@code trainer} as a trainer reference ({@code owner/name:version}), under {@code field}. */
    public List<FieldError> problemsOfTrainer(String trainer, String field) {
        try {
            if (ModelRef.parse(trainer) instanceof ModelRef.ModelVersion) {
                return List.of();
            }
            return List.of(new FieldError(field, "must name a trainer version (owner/name:version)"));
        } catch (IllegalArgumentException e) {
            return List.of(new FieldError(field, e.getMessage()));
        }
    }

    /** Where a training puts its version ({@code owner/name}), when it is one. */
    public Optional<String> destinationOf(String trainingId) {
        return records.find(trainingId).map(TrainingRecords.Details::destination);
    }
}
