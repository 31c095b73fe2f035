package dev.replicategateway.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** What a model answers: a list of file URLs, one URL, or an object (trainers, multi-part outputs). */
public enum OutputShape {
    LIST,
    SINGLE,
    OBJECT,
    UNKNOWN;

    static OutputShape of(JsonNode output) {
        if (output == null || output.isMissingNode()) {
            return UNKNOWN;
        }
        String type = output.path("type").asText("");
        return switch (type) {
            case "array" -> LIST;
            case "string" -> SINGLE;
            case "object" -> OBJECT;
            default -> UNKNOWN;
        };
    }

    @JsonValue
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
