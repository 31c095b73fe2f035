package dev.replicategateway.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file URLs in a model's output, whatever its shape: image models answer a list of URLs, a single
 * URL, or an object holding them (in any field, at any depth). Order is kept: it is the order of the
 * API's {@code output} list and of the kept copies.
 */
public final class OutputUrls {

    /** Longer URLs are not output files (and would not fit the store). */
    public static final int MAX_LENGTH = 2048;

    private OutputUrls() {}

    /** The http(s) URLs in {@code output}, in order; empty when it holds none. */
    public static List<String> of(JsonNode output) {
        List<String> urls = new ArrayList<>();
        collect(output, urls);
        return urls;
    }

    private static void collect(JsonNode node, List<String> urls) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isTextual()) {
            if (isFileUrl(node.asText())) {
                urls.add(node.asText());
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, urls));
        }
    }

    static boolean isFileUrl(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return text.length() <= MAX_LENGTH
                && (lower.startsWith("https://") || lower.startsWith("http://"))
                && text.chars().noneMatch(Character::isWhitespace);
    }
}
