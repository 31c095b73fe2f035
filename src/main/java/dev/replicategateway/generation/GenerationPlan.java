package dev.replicategateway.generation;

import java.util.Map;

/** What will be sent to Replicate for one request: the model reference and the exact input. */
record GenerationPlan(String model, Map<String, Object> input) {}
