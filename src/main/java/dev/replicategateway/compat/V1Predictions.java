package dev.replicategateway.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.caller.Caller;
import dev.replicategateway.callerwebhook.CallerWebhooks;
import dev.replicategateway.callerwebhook.WebhookBody;
import dev.replicategateway.catalog.ModelCatalog;
import dev.replicategateway.catalog.ResolvedModel;
import dev.replicategateway.generation.ModelUse;
import dev.replicategateway.generation.WeightsReferences;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.RequestFingerprint;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * Creates through the compatible API: the same checks as {@code /generate} (the caller's models, the
 * model's own schema, quotas, spend) and the same intake, with the input taken as the caller wrote it.
 */
@Service
class V1Predictions {

    /** What replicate-javascript 1.4.0 sends as the input with {@code fileEncodingStrategy: "data-uri"}: itself. */
    private static final Set<String> CLIENT_FIELDS = Set.of("auth", "baseUrl", "fileEncodingStrategy", "useFileOutput");

    private final ModelCatalog catalog;
    private final ModelUse modelUse;

    private final Prices prices;
    private final PredictionIntake intake;
    private final CallerWebhooks webhooks;
    private final ObjectMapper json;

    V1Predictions(
            ModelCatalog catalog,
            ModelUse modelUse,
            Prices prices,
            PredictionIntake intake,
            CallerWebhooks webhooks,
            ObjectMapper json) {
        this.catalog = catalog;
        this.modelUse = modelUse;
        this.prices = prices;
        this.intake = intake;
        this.webhooks = webhooks;
        this.json = json;
    }

    /**
     * @param ref the model reference the path or {@code version} names
     * @param refField how the request names it, for errors
     * @param cancelAfter the {@code Cancel-After} deadline, or null for the configured one
     * @param base where the caller reached this service
     */
    PredictionIntake.Accepted create(
            Caller caller,
            String ref,
            String refField,
            V1CreatePrediction body,
            String idempotencyKey,
            Duration cancelAfter,
            String base) {
        List<FieldError> errors = new ArrayList<>();
        if (ref == null || ref.isBlank()) {
            errors.add(new FieldError(refField, "is required"));
        }
        if (body.input() == null) {
            errors.add(new FieldError("input", "is required"));
        } else if (body.input().keySet().stream()
                        .filter(CLIENT_FIELDS::contains)
                        .count()
                >= 2) {
            errors.add(new FieldError(
                    "input",
                    "is a serialized client, not a model input (replicate-javascript's fileEncodingStrategy"
                            + " \"data-uri\" sends this; use the default strategy)"));
        }
        errors.addAll(
                webhooks.problems(body.webhook(), body.webhookEventsFilter(), "webhook", "webhook_events_filter"));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        modelUse.checkBeforeResolving(caller, ref);
        ResolvedModel model = catalog.resolve(ref, refField);
        modelUse.checkResolved(caller, ref, model, WeightsReferences.modelsIn(body.input()));
        if (model.schema() != null) {
            List<FieldError> invalid = model.schema().validate(body.input(), Map.of()).stream()
                    .map(error -> new FieldError("input." + error.field(), error.message()))
                    .toList();
            if (!invalid.isEmpty()) {
                throw new InvalidRequestException(invalid);
            }
        }
        NewPrediction item = new NewPrediction(
                        WorkKind.PREDICTION, model.ref(), body.input(), prices.estimate(model.name(), body.input()))
                .withCallerWebhook(body.webhook() != null);
        return intake.accept(
                caller,
                List.of(item),
                idempotencyKey,
                RequestFingerprint.of(json, "v1/predictions/" + ref, body),
                cancelAfter,
                subscribing(caller, body.webhook(), body.webhookEventsFilter(), base));
    }

    Consumer<List<Prediction>> subscribing(Caller caller, String webhook, List<String> events, String base) {
        if (webhook == null) {
            return stored -> {};
        }
        return stored ->
                webhooks.subscribe(caller.name(), stored.get(0).id(), webhook, events, WebhookBody.REPLICATE, base);
    }
}
