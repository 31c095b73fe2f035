package dev.replicategateway.compat;

import java.util.List;
import java.util.Map;

/** A training create as Replicate's API takes it. */
record V1CreateTraining(
        String destination, Map<String, Object> input, String webhook, List<String> webhookEventsFilter) {}
