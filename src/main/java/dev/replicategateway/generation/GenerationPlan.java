package dev.replicategateway.generation;

import dev.replicategateway.catalog.ResolvedModel;
import java.util.Map;

/** What will be sent to Replicate for one request: the resolved model and the exact input. */
record GenerationPlan(ResolvedModel model, Map<String, Object> input) {}
