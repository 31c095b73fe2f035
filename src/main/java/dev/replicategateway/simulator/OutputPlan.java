package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a succeeded prediction outputs, following its version's Output schema: a list of file URLs (one
 * per {@code num_outputs}, or per {@code max_images} when a Seedream-style model generates a sequence)
 * or a single URL string, in the format the input asks for, else the schema's default format, else the
 * model's own.
 *
 * @param list whether the output is a list of URLs rather than one URL
 * @param extension png, jpg or webp: the formats the simulator can render
 */
record OutputPlan(boolean list, int count, String extension) {

    private static final Set<String> RENDERED = Set.of("png", "jpg", "webp");

    static OutputPlan of(JsonNode openapiSchema, Map<String, Object> input, String naturalFormat) {
        JsonNode schemas = openapiSchema.path("components").path("schemas");
        JsonNode properties = schemas.path("Input").path("properties");
        boolean list = "array".equals(schemas.path("Output").path("type").asText());
        return new OutputPlan(list, list ? count(properties, input) : 1, extension(properties, input, naturalFormat));
    }

    private static int count(JsonNode properties, Map<String, Object> input) {
        if (properties.has("num_outputs")) {
            return Math.max(
                    1,
                    input.get("num_outputs") instanceof Number n ? n.intValue() : defaultOf(properties, "num_outputs"));
        }
        if (properties.has("max_images") && "auto".equals(input.get("sequential_image_generation"))) {
            return Math.max(
                    1,
                    input.get("max_images") instanceof Number n ? n.intValue() : defaultOf(properties, "max_images"));
        }
        return 1;
    }

    private static int defaultOf(JsonNode properties, String name) {
        return properties.path(name).path("default").asInt(1);
    }

    private static String extension(JsonNode properties, Map<String, Object> input, String naturalFormat) {
        String format = naturalFormat;
        if (properties.has("output_format")) {
            format = input.get("output_format") instanceof String asked
                    ? asked
                    : properties.path("output_format").path("default").asText(naturalFormat);
        }
        String extension = format.toLowerCase(Locale.ROOT).replace("jpeg", "jpg");
        return RENDERED.contains(extension) ? extension : "png";
    }

    /** The output field of the prediction: one URL, or the list of them. */
    Object urls(String baseUrl, String jobId) {
        List<String> urls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            urls.add(baseUrl + "/simulator/delivery/" + jobId + "/out-" + i + "." + extension);
        }
        return list ? urls : urls.get(0);
    }

    /** Whether {@code out-<index>.<extension>} is one of the files listed. */
    boolean lists(int index, String extension) {
        return index >= 0 && index < count && this.extension.equals(extension);
    }
}
