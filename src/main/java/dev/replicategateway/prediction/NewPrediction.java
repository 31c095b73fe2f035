package dev.replicategateway.prediction;

import java.util.Map;

/**
 * What the store needs to accept a prediction: its model reference, the input exactly as it will be
 * sent, what it is expected to cost (US$; spend budgets count it until it ends), and what identifies
 * its result for the cache (null: never reused), and whether its caller asked for webhooks about it
 * (subscribed in the transaction that stores it; null when the producer does not say, and then looked up).
 */
public record NewPrediction(
        WorkKind kind,
        String model,
        Map<String, Object> input,
        double estimatedCost,
        String inputHash,
        Boolean callerWebhook) {

    public NewPrediction(
            WorkKind kind, String model, Map<String, Object> input, double estimatedCost, String inputHash) {
        this(kind, model, input, estimatedCost, inputHash, null);
    }

    public NewPrediction(WorkKind kind, String model, Map<String, Object> input, double estimatedCost) {
        this(kind, model, input, estimatedCost, null, null);
    }

    public NewPrediction withCallerWebhook(Boolean callerWebhook) {
        return new NewPrediction(kind, model, input, estimatedCost, inputHash, callerWebhook);
    }
}
