package dev.replicategateway.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.prediction.PredictionView;
import java.time.Instant;
import java.util.Map;

/** A training as this API shows it; {@code version} and {@code weights} once it has succeeded. */
record TrainingView(
        String id,
        PredictionStatus status,
        @JsonInclude(JsonInclude.Include.ALWAYS) Double progress,
        String trainer,
        String destination,
        String triggerWord,
        Map<String, Object> input,
        String version,
        String weights,
        String error,
        String logs,
        Map<String, Object> metrics,
        String replicateId,
        boolean cancelRequested,
        Instant createdAt,
        Instant submittedAt,
        Instant startedAt,
        Instant completedAt,
        Map<String, String> links) {

    static TrainingView of(Prediction p, TrainingRecords.Details details) {
        JsonNode output = p.output();
        String logs = PredictionView.logsTail(p.logs());
        String self = "/trainings/" + p.id();
        return new TrainingView(
                p.id(),
                p.status(),
                p.progress(),
                details.trainer(),
                details.destination(),
                details.triggerWord(),
                p.input(),
                text(output, "version"),
                text(output, "weights"),
                p.error(),
                logs,
                p.metrics(),
                p.replicateId(),
                p.cancelRequested(),
                p.createdAt(),
                p.submittedAt(),
                p.startedAt(),
                p.completedAt(),
                Map.of("self", self, "cancel", self + "/cancel"));
    }

    /** The same view with its links absolute on {@code baseUrl}, for a webhook body read elsewhere. */
    TrainingView withBase(String baseUrl) {
        if (baseUrl == null) {
            return this;
        }
        return new TrainingView(
                id,
                status,
                progress,
                trainer,
                destination,
                triggerWord,
                input,
                version,
                weights,
                error,
                logs,
                metrics,
                replicateId,
                cancelRequested,
                createdAt,
                submittedAt,
                startedAt,
                completedAt,
                Map.of("self", baseUrl + links.get("self"), "cancel", baseUrl + links.get("cancel")));
    }

    private static String text(JsonNode output, String field) {
        return output == null || !output.has(field) ? null : output.get(field).asText();
    }
}
