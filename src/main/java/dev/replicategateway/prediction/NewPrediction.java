package dev.replicategateway.prediction;

import java.util.Map;

/**
 * What the store needs to accept a prediction: its model reference, the input exactly as it will be
 * sent, what it is expected to cost (US$; spend budgets count it until it ends), and what identifies
 * its result for the cache (null: never reused).
 */
public record NewPrediction(
        WorkKind kind, String model, Map<String, Object> input, double estimatedCost, String inputHash) {

    public NewPrediction(WorkKind kind, String model, Map<String, Object> input, double estimatedCost) {
        this(kind, model, input, estimatedCost, null);
    }
}
