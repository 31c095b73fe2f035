package dev.replicategateway.prediction;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateService.ListWindow;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Predictions as upstream work: created by the route their model reference calls for. */
@Component
class PredictionUpstream implements UpstreamWork {

    private final ReplicateService replicate;
    private final LifecycleProperties properties;
    private final CreateOptionsFactory createOptions;

    PredictionUpstream(ReplicateService replicate, LifecycleProperties properties, CreateOptionsFactory createOptions) {
        this.replicate = replicate.withoutRetries();
        this.properties = properties;
        this.createOptions = createOptions;
    }

    @Override
    public WorkKind kind() {
        return WorkKind.PREDICTION;
    }

    @Override
    public UpstreamBudget createBudget() {
        return UpstreamBudget.PREDICTION_CREATES;
    }

    @Override
    public ReplicatePrediction create(Prediction prediction, CreateOptions options) {
        return replicate.createPrediction(ModelRef.parse(prediction.model()), prediction.input(), options);
    }

    @Override
    public ReplicatePrediction get(String replicateId, Duration timeout) {
        return replicate.getPrediction(replicateId, timeout);
    }

    @Override
    public ReplicatePrediction cancel(String replicateId, Duration timeout) {
        return replicate.cancelPrediction(replicateId, timeout);
    }

    @Override
    public PredictionPage list(ListWindow window, String cursor, Duration timeout) {
        return replicate.listPredictions(window, cursor, timeout);
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
