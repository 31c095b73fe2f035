package dev.replicategateway.training;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.UpstreamKind;
import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateClient;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Trainings as upstream work: before the create, the trainer's version is resolved and the destination
 * model made to exist; polled on the seed's slow schedule (trainings run for many minutes).
 */
@Component
class TrainingUpstream implements UpstreamKind {

    private final ReplicateClient client;
    private final TrainingRecords records;
    private final TrainerVersions trainers;
    private final DestinationModels destinations;
    private final TrainingProperties properties;

    TrainingUpstream(
            ReplicateClient client,
            TrainingRecords records,
            TrainerVersions trainers,
            DestinationModels destinations,
            TrainingProperties properties) {
        this.client = client;
        this.records = records;
        this.trainers = trainers;
        this.destinations = destinations;
        this.properties = properties;
    }

    @Override
    public String kind() {
        return Prediction.KIND_TRAINING;
    }

    @Override
    public ReplicatePrediction create(Prediction training, CreateOptions options) {
        TrainingRecords.Details details = records.find(training.id())
                .orElseThrow(() -> new IllegalStateException("Training " + training.id() + " has no details"));
        var trainer = trainers.resolve(details.trainer());
        destinations.ensureExists(details.destination());
        return client.createTraining(trainer, details.destination(), training.input(), options);
    }

    @Override
    public ReplicatePrediction get(String replicateId) {
        return client.getTraining(replicateId);
    }

    @Override
    public ReplicatePrediction cancel(String replicateId) {
        return client.cancelTraining(replicateId);
    }

    @Override
    public PredictionPage list(String cursor) {
        return client.listTrainings(cursor);
    }

    @Override
    public boolean isCreateOf(Prediction training, ReplicatePrediction upstream) {
        return records.find(training.id())
                .map(details -> details.destination().equals(upstream.destination())
                        && dev.replicategateway.prediction.InputMatcher.sameInput(training.input(), upstream.input()))
                .orElse(false);
    }

    @Override
    public Duration pollDelay(int polls) {
        return properties.pollInterval();
    }
}
