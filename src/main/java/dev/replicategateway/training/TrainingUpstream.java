package dev.replicategateway.training;

import dev.replicategateway.prediction.InputMatcher;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.UpstreamWork;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateService.ListWindow;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Trainings as upstream work: before the create, the trainer's version is resolved and the destination
 * model made to exist; polled every {@code gateway.training.poll-interval} (trainings run for many minutes).
 */
@Component
class TrainingUpstream implements UpstreamWork {

    private final ReplicateService replicate;
    private final TrainingRecords records;
    private final TrainerVersions trainers;
    private final DestinationModels destinations;
    private final TrainingProperties properties;

    TrainingUpstream(
            ReplicateService replicate,
            TrainingRecords records,
            TrainerVersions trainers,
            DestinationModels destinations,
            TrainingProperties properties) {
        this.replicate = replicate.withoutRetries();
        this.records = records;
        this.trainers = trainers;
        this.destinations = destinations;
        this.properties = properties;
    }

    @Override
    public WorkKind kind() {
        return WorkKind.TRAINING;
    }

    /** Replicate's limit of 600 creates a minute is for predictions; a training create is "everything else". */
    @Override
    public UpstreamBudget createBudget() {
        return UpstreamBudget.EVERYTHING_ELSE;
    }

    /** Resolves the trainer's version and makes the destination exist, before the send is marked. */
    @Override
    public void prepare(Prediction training) {
        TrainingRecords.Details details = details(training);
        trainers.resolve(details.trainer());
        destinations.ensureExists(details.destination());
    }

    @Override
    public ReplicatePrediction create(Prediction training, CreateOptions options) {
        TrainingRecords.Details details = details(training);
        return replicate.createTraining(
                trainers.resolve(details.trainer()), details.destination(), training.input(), options);
    }

    @Override
    public ReplicatePrediction get(String replicateId, Duration timeout) {
        return replicate.getTraining(replicateId, timeout);
    }

    @Override
    public ReplicatePrediction cancel(String replicateId, Duration timeout) {
        return replicate.cancelTraining(replicateId, timeout);
    }

    @Override
    public PredictionPage list(ListWindow window, String cursor, Duration timeout) {
        return replicate.listTrainings(window, cursor, timeout);
    }

    @Override
    public boolean isCreateOf(Prediction training, ReplicatePrediction upstream) {
        return records.find(training.id())
                .map(details -> details.destination().equals(upstream.destination())
                        && InputMatcher.sameInput(training.input(), upstream.input()))
                .orElse(false);
    }

    /** Trainings run for many minutes: polled every {@code poll-interval}, whatever the poll count. */
    @Override
    public Duration pollDelay(int polls) {
        return properties.pollInterval();
    }

    private TrainingRecords.Details details(Prediction training) {
        return records.find(training.id())
                .orElseThrow(() -> new IllegalStateException("Training " + training.id() + " has no details"));
    }
}
