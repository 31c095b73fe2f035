package dev.replicategateway.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.callerwebhook.WebhookBody;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.WorkKind;
import org.springframework.stereotype.Component;

/** A training started through {@code /trainings}, as {@code GET /trainings/{id}} shows it. */
@Component
class TrainingWebhookBody implements WebhookBody {

    private final TrainingRecords records;
    private final ObjectMapper json;

    TrainingWebhookBody(TrainingRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    @Override
    public String format() {
        return GATEWAY;
    }

    @Override
    public boolean renders(WorkKind kind) {
        return kind == WorkKind.TRAINING;
    }

    @Override
    public String render(Prediction training, About about) {
        TrainingView view =
                TrainingView.of(training, records.find(training.id()).orElseThrow());
        try {
            return json.writeValueAsString(view.withBase(about.baseUrl()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot render " + training.id(), e);
        }
    }
}
