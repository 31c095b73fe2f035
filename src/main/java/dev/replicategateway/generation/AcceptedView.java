package dev.replicategateway.generation;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionStatus;
import java.util.Map;

/**
 * The answer to an accepted generation: our id, the status, what it is expected to cost (US$), and
 * where to follow it. {@code cached} when it was answered from an earlier identical request's result.
 */
record AcceptedView(
        String id,
        PredictionStatus status,
        String model,
        Double estimatedCost,
        Boolean cached,
        Map<String, String> links) {

    /** {@code events} is a signed link, so a browser's {@code EventSource} can follow without the API key. */
    static AcceptedView of(Prediction prediction, String events) {
        String self = "/predictions/" + prediction.id();
        return new AcceptedView(
                prediction.id(),
                prediction.status(),
                prediction.model(),
                prediction.estimatedCost(),
                prediction.cachedFrom() != null ? Boolean.TRUE : null,
                Map.of("self", self, "cancel", self + "/cancel", "events", events));
    }
}
