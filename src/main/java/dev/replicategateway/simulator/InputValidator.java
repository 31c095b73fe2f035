package dev.replicategateway.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks a create's input the way the simulated models do, answering 422 with the fields at fault. */
final class InputValidator {

    private InputValidator() {}

    static void validate(String model, Map<String, Object> input) {
        List<Map<String, Object>> invalid = new ArrayList<>();
        if (!(input.get("prompt") instanceof String prompt) || prompt.isBlank()) {
            invalid.add(Map.of("type", "required", "field", "prompt", "description", "prompt is required"));
        }
        int maxSteps = model.endsWith("flux-schnell") ? 4 : model.endsWith("sdxl") ? 500 : 50;
        range(input, "num_outputs", 1, 4, invalid);
        range(input, "num_inference_steps", 1, maxSteps, invalid);
        if (!model.endsWith("sdxl")) {
            range(input, "guidance_scale", 0, 10, invalid);
            range(input, "guidance", 0, 10, invalid);
        }
        range(input, "output_quality", 0, 100, invalid);
        if (!invalid.isEmpty()) {
            throw new SimulatorError(422, "Input validation failed", "The input is invalid.", invalid);
        }
    }

    private static void range(
            Map<String, Object> input, String field, double min, double max, List<Map<String, Object>> invalid) {
        if (input.get(field) instanceof Number n && (n.doubleValue() < min || n.doubleValue() > max)) {
            invalid.add(Map.of(
                    "type",
                    "range",
                    "field",
                    field,
                    "description",
                    field + " must be between " + (int) min + " and " + (int) max));
        }
    }
}
