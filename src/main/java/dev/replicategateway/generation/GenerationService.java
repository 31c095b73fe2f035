package dev.replicategateway.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.Caller;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.pricing.Prices;
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
    private final Prices prices;
    private final ObjectMapper json;

    GenerationService(GenerationPlanner planner, PredictionIntake intake, Prices prices, ObjectMapper json) {
        this.planner = planner;
        this.intake = intake;
        this.prices = prices;
        this.json = json;
    }

    PredictionIntake.Accepted generate(Caller caller, GenerateRequest request, String idempotencyKey) {
        GenerationPlan plan = planner.plan(caller, request);
        return intake.accept(
                caller, List.of(item(plan)), idempotencyKey, RequestFingerprint.of(json, "generate", request), null);
    }

    PredictionIntake.Accepted generateBatch(Caller caller, BatchGenerateRequest batch, String idempotencyKey) {
        List<NewPrediction> items = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < batch.requests().size(); i++) {
            try {
                items.add(item(planner.plan(caller, batch.requests().get(i), "requests[" + i + "].")));
            } catch (InvalidRequestException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return intake.accept(caller, items, idempotencyKey, RequestFingerprint.of(json, "generate/batch", batch), null);
    }

    private NewPrediction item(GenerationPlan plan) {
        return new NewPrediction(
                WorkKind.PREDICTION, plan.model(), plan.input(), prices.estimate(plan.model(), plan.input()));
    }
}
