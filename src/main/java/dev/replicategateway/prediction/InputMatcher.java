package dev.replicategateway.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Map;

/** Compares an input we sent with the one Replicate echoes, treating {@code 4} and {@code 4.0} alike. */
public final class InputMatcher {

    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private InputMatcher() {}

    public static boolean sameInput(Map<String, Object> sent, Map<String, Object> echoed) {
        if (sent == null || echoed == null) {
            return false;
        }
        JsonNode a = StoredJson.JSON.valueToTree(sent);
        JsonNode b = StoredJson.JSON.valueToTree(echoed);
        return a.equals(NUMBERS_BY_VALUE, b);
    }
}
