package dev.replicategateway.prediction;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The service's own copies of a prediction's outputs, when a feature keeps them. */
public interface KeptOutputs {

    /** What the API shows about a prediction's outputs. */
    record Status(boolean persisted, List<String> urls, String error) {}

    /** Null when outputs are not kept (nothing to say). */
    Status of(Prediction prediction);

    /**
     * Makes {@code target} serve {@code source}'s kept copies (it reuses {@code source}'s result); runs
     * in the transaction that stores {@code target}.
     */
    void reuse(Prediction source, Prediction target);

    /** The statuses of several predictions by id; a prediction with nothing to say is absent. */
    default Map<String, Status> of(List<Prediction> predictions) {
        Map<String, Status> statuses = new HashMap<>();
        for (Prediction prediction : predictions) {
            Status status = of(prediction);
            if (status != null) {
                statuses.put(prediction.id(), status);
            }
        }
        return statuses;
    }
}
