package dev.replicategateway.prediction;

import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateClient;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Predictions as upstream work: created by the route their model reference calls for. */
@Component
class PredictionUpstream implements UpstreamKind {

    private final ReplicateClient client;
    private final LifecycleProperties properties;
    private final CreateOptionsFactory createOptions;

    PredictionUpstream(ReplicateClient client, LifecycleProperties properties, CreateOptionsFactory createOptions) {
        this.client = client;
        this.properties = properties;
        this.createOptions = createOptions;
    }

    @Override
    public String kind() {
        return Prediction.KIND_PREDICTION;
    }

    @Override
    public ReplicatePrediction create(Prediction prediction, CreateOptions options) {
        return client.createPrediction(ModelRef.parse(prediction.model()), prediction.input(), options);
    }

    @Override
    public ReplicatePrediction get(String replicateId) {
        return client.getPrediction(replicateId);
    }

    @Override
    public ReplicatePrediction cancel(String replicateId) {
        return client.cancelPrediction(replicateId);
    }

    @Override
    public PredictionPage list(String cursor) {
        return client.listPredictions(cursor);
    }

    @Override
    public boolean isCreateOf(Prediction prediction, ReplicatePrediction upstream) {
        ModelRef model = ModelRef.parse(prediction.model());
        boolean sameModel;
        if (model instanceof ModelRef.ModelVersion version) {
            sameModel = version.versionId().equals(upstream.version());
        } else if (model instanceof ModelRef.OfficialModel official) {
            sameModel = official.canonical().equals(upstream.model());
        } else {
            sameModel = true; // a deployment's predictions name the deployed model, which we do not know
        }
        return sameModel && InputMatcher.sameInput(prediction.input(), upstream.input());
    }

    @Override
    public Duration pollDelay(int polls) {
        return createOptions.requestsWebhooks()
                ? properties.poll().webhookInterval()
                : properties.poll().delayAfter(polls);
    }
}
