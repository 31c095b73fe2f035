package dev.replicategateway.prediction;

import java.util.Map;

/** What the store needs to accept a prediction: its model reference and the input exactly as it will be sent. */
public record NewPrediction(WorkKind kind, String model, Map<String, Object> input) {}
