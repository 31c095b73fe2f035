package dev.replicategateway.generation;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionStatus;
import java.util.Map;

/** The answer to an accepted generation: our id, the status, and where to follow it. */
record AcceptedView(String id, PredictionStatus status, String model, Map<String, String> links) {

    /** {@code events} is a signed link, so a browser's {@code EventSource} can follow without the API key. */
    static AcceptedView of(Prediction prediction, String events) {
        String self = "/predictions/" + prediction.id();
        return new AcceptedView(
                prediction.id(),
                prediction.status(),
                prediction.model(),
                Map.of("self", self, "cancel", self + "/cancel", "events", events));
    }
}
