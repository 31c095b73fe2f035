package dev.replicategateway.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a create call as the simulator reads it.
 *
 * @param version {@code POST /predictions}' version, with any {@code owner/name:} prefix removed
 * @param destination a training's destination model
 */
record CreateRequest(
        Map<String, Object> input,
        String webhook,
        List<String> webhookEventsFilter,
        String version,
        String destination) {

    @SuppressWarnings("unchecked")
    static CreateRequest of(Map<String, Object> body) {
        Map<String, Object> input = body.get("input") instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map)
                : new LinkedHashMap<>();
        String webhook = body.get("webhook") instanceof String url && !url.isBlank() ? url : null;
        List<String> events = body.get("webhook_events_filter") instanceof List<?> list ? (List<String>) list : null;
        String version = body.get("version") instanceof String v ? v.substring(v.indexOf(':') + 1) : null;
        String destination = body.get("destination") instanceof String d ? d : null;
        return new CreateRequest(input, webhook, events, version, destination);
    }
}
