package dev.replicategateway.compat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * A create as Replicate's API takes it. {@code version} is only read on {@code POST /v1/predictions};
 * {@code stream} is accepted and ignored, as Replicate now does (no image model streams).
 */
@JsonIgnoreProperties(value = {"stream"})
record V1CreatePrediction(
        String version, Map<String, Object> input, String webhook, List<String> webhookEventsFilter) {}
