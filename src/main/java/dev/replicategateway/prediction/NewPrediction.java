package dev.replicategateway.prediction;

import java.util.Map;

/**
 * What the store needs to accept a prediction: its model reference, the input exactly as it will be
 * sent, and what it is expected to cost (US$; spend budgets count it until it ends).
 */
public record NewPrediction(WorkKind kind, String model, Map<String, Object> input, double estimatedCost) {}
