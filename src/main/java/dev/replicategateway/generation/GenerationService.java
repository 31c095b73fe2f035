package dev.replicategateway.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Plans generation requests and hands them to the durable intake; never waits on Replicate. */
@Service
class GenerationService {

    private final GenerationPlanner planner;
    private final PredictionIntake intake;
    private final ObjectMapper json;

    GenerationService(GenerationPlanner planner, PredictionIntake intake, ObjectMapper json) {
        this.planner = planner;
        this.intake = intake;
        this.json = json;
    }

    PredictionIntake.Accepted generate(String owner, GenerateRequest request, String idempotencyKey) {
        GenerationPlan plan = planner.plan(request);
        return intake.accept(
                owner,
                List.of(new NewPrediction(WorkKind.PREDICTION, plan.model(), plan.input())),
                idempotencyKey,
                RequestFingerprint.of(json, "generate", request),
                null);
    }

    PredictionIntake.Accepted generateBatch(String owner, BatchGenerateRequest batch, String idempotencyKey) {
        List<NewPrediction> items = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.requests().size(); i++) {
            try {
                GenerationPlan plan = planner.plan(batch.requests().get(i), "requests[" + i + "].");
                items.add(new NewPrediction(WorkKind.PREDICTION, plan.model(), plan.input()));
            } catch (InvalidRequestException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return intake.accept(owner, items, idempotencyKey, RequestFingerprint.of(json, "generate/batch", batch), null);
    }
}
