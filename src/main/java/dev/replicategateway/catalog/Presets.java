package dev.replicategateway.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a preset (or a request's typed field) onto a model's own inputs. Models name some inputs
 * differently: the official Flux Dev's guidance is {@code guidance}, SDXL's and Flux LoRA models'
 * {@code guidance_scale}; a value goes to whichever the model has.
 */
public final class Presets {

    /** Inputs that mean the same under different names, tried in order. */
    private static final Map<String, List<String>> SYNONYMS = Map.of(
            "guidance_scale", List.of("guidance_scale", "guidance"),
            "guidance", List.of("guidance", "guidance_scale"));

    private Presets() {}

    /** The model's name of an input the request calls {@code name}, if the model has it under either. */
    public static Optional<String> inputOf(ModelSchema schema, String name) {
        for (String candidate : SYNONYMS.getOrDefault(name, List.of(name))) {
            if (schema.has(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code field} accepts {@code value}: a preset value outside its range or choices is left out. */
    private static boolean takes(InputField field, Object value) {
        if (field.choices() != null && !field.choices().contains(value)) {
            return false;
        }
        if (value instanceof Number number) {
            double v = number.doubleValue();
            return (field.minimum() == null || v >= field.minimum())
                    && (field.maximum() == null || v <= field.maximum());
        }
        return true;
    }

    /**
     * The preset's values under the model's input names, for the inputs it has and the values they
     * take; empty when the preset does not fit the model (its aspect ratio is not one the model offers,
     * or none of it applies).
     */
    public static Optional<Map<String, Object>> applied(ModelSchema schema, Map<String, Object> preset) {
        Map<String, Object> applied = new LinkedHashMap<>();
        preset.forEach((name, value) -> inputOf(schema, name)
                .filter(input -> takes(schema.field(input).orElseThrow(), value))
                .ifPresent(input -> applied.put(input, value)));
        Object ratio = preset.get("aspect_ratio");
        if (ratio != null) {
            boolean offered = schema.field("aspect_ratio")
                    .map(field -> field.choices() == null || field.choices().contains(ratio))
                    .orElse(false);
            if (!offered) {
                return Optional.empty();
            }
        }
        return applied.isEmpty() ? Optional.empty() : Optional.of(applied);
    }
}
