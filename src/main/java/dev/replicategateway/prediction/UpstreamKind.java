package dev.replicategateway.prediction;

import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Duration;

/**
 * One kind of upstream work (predictions, trainings) as the submitter and poller see it: how to create,
 * read, cancel and list it on Replicate, and how often to poll it.
 */
public interface UpstreamKind {

    /** The {@code kind} column value this handles. */
    String kind();

    ReplicatePrediction create(Prediction prediction, CreateOptions options);

    ReplicatePrediction get(String replicateId);

    ReplicatePrediction cancel(String replicateId);

    PredictionPage list(String cursor);

    /** Whether an upstream object in a list is the create of {@code prediction} whose answer we lost. */
    boolean isCreateOf(Prediction prediction, ReplicatePrediction upstream);

    /** The wait after the {@code polls}-th poll. */
    Duration pollDelay(int polls);
}
