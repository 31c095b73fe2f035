package dev.replicategateway.prediction;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService.ListWindow;
import java.time.Duration;

/**
 * One kind of work (predictions, trainings) as the submitter and poller see it: how to create, read,
 * cancel and list it on Replicate, and how often to poll it. Calls are made once (the submitter and
 * poller reschedule failures), within the {@code timeout} given.
 */
public interface UpstreamWork {

    WorkKind kind();

    /** The budget a create of this kind spends (Replicate limits prediction creates apart from everything else). */
    UpstreamBudget createBudget();

    /** What a create needs first (a trainer version, a destination model); done before the send is marked. */
    default void prepare(Prediction prediction) {}

    ReplicatePrediction create(Prediction prediction, CreateOptions options);

    ReplicatePrediction get(String replicateId, Duration timeout);

    ReplicatePrediction cancel(String replicateId, Duration timeout);

    PredictionPage list(ListWindow window, String cursor, Duration timeout);

    /** Whether an upstream object in a list is the create of {@code prediction} whose answer we lost. */
    boolean isCreateOf(Prediction prediction, ReplicatePrediction upstream);

    /** The wait after the {@code polls}-th poll. */
    Duration pollDelay(int polls);
}
