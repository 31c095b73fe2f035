package dev.replicategateway.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The models whose weights a LoRA input runs: {@code lora_weights} and {@code extra_lora} given as
 * {@code owner/name} or {@code owner/name:version} (rather than a URL) run that model's weights, so they
 * are checked like the model run itself, on every door.
 */
public final class WeightsReferences {

    /** The inputs of the LoRA runners that take another model's weights. */
    static final List<String> INPUTS = List.of("lora_weights", "extra_lora");

    /** Weights named by model rather than URL: {@code owner/model}, {@code owner/model/version}, {@code owner/model:version}. */
    private static final Pattern MODEL_WEIGHTS =
            Pattern.compile("[A-Za-z0-9][\\w.-]*/[A-Za-z0-9][\\w.-]*([/:][0-9a-f]{64})?");

    private WeightsReferences() {}

    /** The models ({@code owner/name}) that {@code input}'s LoRA inputs name. */
    public static List<String> modelsIn(Map<String, ?> input) {
        return input == null
                ? List.of()
                : modelsNamedBy(INPUTS.stream().map(input::get).toList());
    }

    /** The models ({@code owner/name}) among {@code values}, each a weights reference or anything else. */
    static List<String> modelsNamedBy(List<?> values) {
        List<String> models = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof String weights
                    && MODEL_WEIGHTS.matcher(weights).matches()) {
                String[] parts = weights.split("[/:]");
                models.add(parts[0] + "/" + parts[1]);
            }
        }
        return models;
    }
}
