package dev.replicategateway.generation;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns a validated {@link GenerateRequest} into the model reference and input sent to Replicate:
 * resolves aliases, applies presets (explicit fields win), checks the model's own ranges, adds LoRA
 * settings and its trigger word, and merges extra raw input. Every problem found is reported at once.
 */
@Component
class GenerationPlanner {

    static final Map<String, String> ALIASES = Map.of(
            "flux-dev", "black-forest-labs/flux-dev",
            "flux-schnell", "black-forest-labs/flux-schnell");
    private static final Pattern INPUT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final double DEFAULT_LORA_SCALE = 1.0;

    private final GenerationProperties properties;
    private final ObjectProvider<TrainedModels> trainedModels;

    GenerationPlanner(GenerationProperties properties, ObjectProvider<TrainedModels> trainedModels) {
        this.properties = properties;
        this.trainedModels = trainedModels;
    }

    GenerationPlan plan(Caller caller, GenerateRequest request) {
        return plan(caller, request, "");
    }

    /** @param fieldPrefix prefix of reported field names (e.g. {@code requests[2].} in a batch) */
    GenerationPlan plan(Caller caller, GenerateRequest request, String fieldPrefix) {
        List<FieldError> errors = new ArrayList<>();
        String model = resolveModel(request, errors, fieldPrefix);
        if (model == null) {
            throw new InvalidRequestException(errors);
        }
        TrainedModels trained = trainedModels.getIfAvailable();
        if (trained != null) {
            trained.checkMayUse(caller, model);
        }
        ModelFamily family = familyOf(model);
        Map<String, Object> typed = typedInputs(request, family);
        checkFamily(request, family, typed, errors, fieldPrefix);

        Map<String, Object> input = new LinkedHashMap<>();
        input.put("prompt", promptWithTrigger(caller, request, model));
        typed.forEach((name, value) -> input.put(upstreamName(family, name), value));
        if (request.lora() != null) {
            input.put(
                    "lora_scale",
                    request.lora().scale() != null ? request.lora().scale() : DEFAULT_LORA_SCALE);
        }
        if (request.input() != null) {
            request.input().forEach((name, value) -> {
                if (!INPUT_NAME.matcher(name).matches()) {
                    errors.add(new FieldError(fieldPrefix + "input." + name, "is not a valid input name"));
                } else if (input.containsKey(name)) {
                    errors.add(new FieldError(fieldPrefix + "input." + name, "is already set by a typed field"));
                } else {
                    input.put(name, value);
                }
            });
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new GenerationPlan(model, input);
    }

    private String resolveModel(GenerateRequest request, List<FieldError> errors, String prefix) {
        String requested = request.model();
        String field = "model";
        if (request.lora() != null) {
            if (requested != null && !requested.equals(request.lora().model())) {
                errors.add(new FieldError(prefix + "model", "must be empty or equal to lora.model"));
                return null;
            }
            requested = request.lora().model();
            field = "lora.model";
        }
        if (requested == null || requested.isBlank()) {
            requested = properties.defaultModel();
        }
        String aliased =
                requested.equals("sdxl") ? properties.sdxlVersion() : ALIASES.getOrDefault(requested, requested);
        try {
            String canonical = ModelRef.parse(aliased).canonical();
            if (request.lora() != null && familyOf(canonical) != ModelFamily.CUSTOM) {
                errors.add(new FieldError(prefix + field, "must be a LoRA model (owner/name), not a base model"));
                return null;
            }
            return canonical;
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(prefix + field, e.getMessage()));
            return null;
        }
    }

    private ModelFamily familyOf(String canonical) {
        String path = canonical.contains(":") ? canonical.substring(0, canonical.indexOf(':')) : canonical;
        return switch (path) {
            case "black-forest-labs/flux-dev" -> ModelFamily.FLUX_DEV;
            case "black-forest-labs/flux-schnell" -> ModelFamily.FLUX_SCHNELL;
            case "stability-ai/sdxl" -> ModelFamily.SDXL;
            default -> ModelFamily.CUSTOM;
        };
    }

    /** The typed inputs in Replicate's names: preset values first, then the request's own, which win. */
    private Map<String, Object> typedInputs(GenerateRequest r, ModelFamily family) {
        Map<String, Object> input = new LinkedHashMap<>();
        if (r.preset() != null && family.takesPreset) {
            Preset p = WireValue.parse(Preset.class, r.preset());
            input.put("aspect_ratio", p.aspectRatio.value());
            input.put("num_inference_steps", p.numInferenceSteps);
            input.put("guidance_scale", p.guidanceScale);
            input.put("output_format", p.outputFormat.value());
            input.put("output_quality", p.outputQuality);
        }
        putIfSet(input, "negative_prompt", r.negativePrompt());
        putIfSet(input, "aspect_ratio", r.aspectRatio());
        putIfSet(input, "width", r.width());
        putIfSet(input, "height", r.height());
        putIfSet(input, "num_outputs", r.numOutputs());
        putIfSet(input, "num_inference_steps", r.numInferenceSteps());
        putIfSet(input, "guidance_scale", r.guidanceScale());
        putIfSet(input, "scheduler", r.scheduler());
        putIfSet(input, "refine", r.refine());
        putIfSet(input, "output_format", r.outputFormat());
        putIfSet(input, "output_quality", r.outputQuality());
        putIfSet(input, "seed", r.seed());
        putIfSet(input, "image", r.image());
        putIfSet(input, "prompt_strength", r.promptStrength());
        putIfSet(input, "disable_safety_checker", r.disableSafetyChecker());
        putIfSet(input, "apply_watermark", r.applyWatermark());
        return input;
    }

    private void checkFamily(
            GenerateRequest r, ModelFamily family, Map<String, Object> typed, List<FieldError> errors, String prefix) {
        String name = family.name().toLowerCase().replace('_', '-');
        if (r.preset() != null && !family.takesPreset) {
            errors.add(
                    new FieldError(prefix + "preset", "applies to flux-dev and Flux-based custom models, not " + name));
        }
        for (String field : family.unsupported) {
            if (typed.containsKey(field)) {
                errors.add(new FieldError(prefix + field, "is not an input of " + name));
            }
        }
        if (r.numInferenceSteps() != null && r.numInferenceSteps() > family.maxSteps) {
            errors.add(new FieldError(
                    prefix + "num_inference_steps", "must be between 1 and " + family.maxSteps + " for " + name));
        }
        Double guidance = r.guidanceScale();
        if (guidance != null
                && family.maxGuidance != null
                && (guidance < family.minGuidance || guidance > family.maxGuidance)) {
            errors.add(new FieldError(
                    prefix + "guidance_scale",
                    "must be between " + family.minGuidance + " and " + family.maxGuidance + " for " + name));
        }
        if (r.promptStrength() != null && r.image() == null) {
            errors.add(new FieldError(prefix + "prompt_strength", "needs an image"));
        }
    }

    private String promptWithTrigger(Caller caller, GenerateRequest request, String model) {
        String prompt = request.prompt().strip();
        if (request.lora() == null) {
            return prompt;
        }
        Optional<String> trigger = Optional.ofNullable(request.lora().triggerWord())
                .filter(word -> !word.isBlank())
                .or(() -> Optional.ofNullable(trainedModels.getIfAvailable())
                        .flatMap(models -> models.triggerWord(caller, model)));
        return trigger.filter(word -> !prompt.contains(word))
                .map(word -> word + " " + prompt)
                .orElse(prompt);
    }

    /**
     * The official Flux Dev calls its guidance input {@code guidance}; SDXL and Flux LoRA models (the
     * trainer's output) call it {@code guidance_scale}, which is also this API's name for it.
     */
    private static String upstreamName(ModelFamily family, String name) {
        return family == ModelFamily.FLUX_DEV && "guidance_scale".equals(name) ? "guidance" : name;
    }

    private static void putIfSet(Map<String, Object> input, String name, Object value) {
        if (value != null) {
            input.put(name, value);
        }
    }
}
