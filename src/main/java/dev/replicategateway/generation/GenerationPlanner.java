package dev.replicategateway.generation;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.catalog.InputField;
import dev.replicategateway.catalog.ModelCatalog;
import dev.replicategateway.catalog.ModelSchema;
import dev.replicategateway.catalog.Presets;
import dev.replicategateway.catalog.ResolvedModel;
import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.web.FieldError;
import dev.replicategateway.web.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Turns a {@link GenerateRequest} into the model and input sent to Replicate: resolves the model through
 * the catalog, applies a preset onto the inputs the model has, sends each typed field under the model's
 * own name for it, puts images into the model's image input, adds LoRA settings and the trigger word,
 * merges extra raw input, and checks the result against the model's schema. Every problem found is
 * reported at once, each under the name the request used.
 */
@Component
class GenerationPlanner {

    /** The LoRA-capable base model that {@code lora.weights} runs on when the request names no model. */
    static final String LORA_BASE = "black-forest-labs/flux-dev-lora";

    private static final Pattern INPUT_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final double DEFAULT_LORA_SCALE = 1.0;

    private final GenerationProperties properties;
    private final ModelCatalog catalog;
    private final ModelUse modelUse;
    private final OptionalBean<TrainedModels> trainedModels;

    GenerationPlanner(
            GenerationProperties properties,
            ModelCatalog catalog,
            ModelUse modelUse,
            ObjectProvider<TrainedModels> trainedModels) {
        this.properties = properties;
        this.catalog = catalog;
        this.modelUse = modelUse;
        this.trainedModels = OptionalBean.of(trainedModels);
    }

    /**
     * @param fieldPrefix prefix of reported field names (e.g. {@code requests[2].} in a batch)
     * @param known problems already found in the request (its constraints), reported with the rest
     */
    GenerationPlan plan(Caller caller, GenerateRequest request, String fieldPrefix, List<FieldError> known) {
        List<FieldError> errors = new ArrayList<>(known);
        String modelField = request.lora() != null && request.lora().model() != null ? "lora.model" : "model";
        String requested = requestedModel(request, errors, fieldPrefix);
        if (requested != null) {
            modelUse.checkBeforeResolving(caller, requested);
        }
        ResolvedModel model;
        try {
            model = requested == null ? null : catalog.resolve(requested, fieldPrefix + modelField);
        } catch (InvalidRequestException e) {
            errors.addAll(e.errors());
            model = null;
        }
        if (model == null) {
            throw new InvalidRequestException(errors);
        }
        modelUse.checkResolved(caller, requested, model, weightsModels(request));
        ModelSchema schema = model.schema();
        Map<String, Object> input = new LinkedHashMap<>();
        Map<String, String> reportedAs = new HashMap<>();

        applyPreset(request, schema, model, input, reportedAs, errors, fieldPrefix);
        input.put("prompt", promptWithTrigger(caller, request, model));
        reportedAs.put("prompt", fieldPrefix + "prompt");
        typed(request).forEach((field, value) -> {
            String name =
                    schema == null ? field : Presets.inputOf(schema, field).orElse(field);
            input.remove(field);
            input.put(name, value);
            reportedAs.put(name, fieldPrefix + field);
        });
        putImages(request, schema, input, reportedAs, errors, fieldPrefix);
        putLora(request, model, input, reportedAs, errors, fieldPrefix);
        putRaw(request, input, reportedAs, errors, fieldPrefix);

        if (schema != null) {
            // One message per field: the request's own constraint, when it has one, says it already.
            List<String> named = errors.stream().map(FieldError::field).toList();
            schema.validate(input, reportedAs).stream()
                    .filter(error -> !named.contains(error.field()))
                    .forEach(errors::add);
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new GenerationPlan(model, input);
    }

    private String requestedModel(GenerateRequest request, List<FieldError> errors, String prefix) {
        LoraRequest lora = request.lora();
        if (lora != null && lora.model() != null) {
            if (request.model() != null && !request.model().equals(lora.model())) {
                errors.add(new FieldError(prefix + "model", "must be empty or equal to lora.model"));
                return null;
            }
            if (lora.weights() != null) {
                errors.add(new FieldError(
                        prefix + "lora.weights", "must be empty when lora.model names the model to run"));
                return null;
            }
            return lora.model();
        }
        if (lora != null && lora.weights() != null && request.model() == null) {
            return LORA_BASE;
        }
        return request.model() == null || request.model().isBlank() ? properties.defaultModel() : request.model();
    }

    private void applyPreset(
            GenerateRequest request,
            ModelSchema schema,
            ResolvedModel model,
            Map<String, Object> input,
            Map<String, String> reportedAs,
            List<FieldError> errors,
            String prefix) {
        if (request.preset() == null) {
            return;
        }
        Optional<Map<String, Object>> preset = catalog.preset(request.preset());
        if (preset.isEmpty()) {
            errors.add(new FieldError(
                    prefix + "preset",
                    "must be one of " + String.join(", ", catalog.presets().keySet())));
            return;
        }
        Optional<Map<String, Object>> applied = schema == null ? preset : Presets.applied(schema, preset.get());
        if (applied.isEmpty()) {
            errors.add(new FieldError(
                    prefix + "preset", "does not fit " + model.name() + ", whose inputs it does not match"));
            return;
        }
        applied.get().forEach((name, value) -> {
            input.put(name, value);
            reportedAs.put(name, prefix + "preset");
        });
    }

    /** The typed fields that are set, under this API's names; the request's own win over a preset's. */
    private static Map<String, Object> typed(GenerateRequest r) {
        Map<String, Object> typed = new LinkedHashMap<>();
        putIfSet(typed, "negative_prompt", r.negativePrompt());
        putIfSet(typed, "aspect_ratio", r.aspectRatio());
        putIfSet(typed, "width", r.width());
        putIfSet(typed, "height", r.height());
        putIfSet(typed, "num_outputs", r.numOutputs());
        putIfSet(typed, "num_inference_steps", r.numInferenceSteps());
        putIfSet(typed, "guidance_scale", r.guidanceScale());
        putIfSet(typed, "scheduler", r.scheduler());
        putIfSet(typed, "refine", r.refine());
        putIfSet(typed, "output_format", r.outputFormat());
        putIfSet(typed, "output_quality", r.outputQuality());
        putIfSet(typed, "seed", r.seed());
        putIfSet(typed, "prompt_strength", r.promptStrength());
        putIfSet(typed, "disable_safety_checker", r.disableSafetyChecker());
        putIfSet(typed, "apply_watermark", r.applyWatermark());
        return typed;
    }

    /** {@code image} and {@code images} go into whichever input the model takes images in: one, or a list. */
    private static void putImages(
            GenerateRequest request,
            ModelSchema schema,
            Map<String, Object> input,
            Map<String, String> reportedAs,
            List<FieldError> errors,
            String prefix) {
        List<String> images = new ArrayList<>();
        if (request.image() != null) {
            images.add(request.image());
        }
        if (request.images() != null) {
            images.addAll(request.images());
        }
        if (images.isEmpty()) {
            return;
        }
        String field = request.images() != null ? "images" : "image";
        Optional<InputField> target = schema == null ? Optional.empty() : schema.imageInput();
        if (schema != null && target.isEmpty()) {
            errors.add(new FieldError(prefix + field, "is not taken by this model: it has no image input"));
            return;
        }
        String name = target.map(InputField::name).orElse("image");
        boolean list = target.map(InputField::isList).orElse(false);
        if (!list && images.size() > 1) {
            errors.add(new FieldError(prefix + field, "has " + images.size() + " images, but " + name + " takes one"));
            return;
        }
        input.put(name, list ? images : images.get(0));
        reportedAs.put(name, prefix + field);
    }

    private static void putLora(
            GenerateRequest request,
            ResolvedModel model,
            Map<String, Object> input,
            Map<String, String> reportedAs,
            List<FieldError> errors,
            String prefix) {
        LoraRequest lora = request.lora();
        if (lora == null) {
            return;
        }
        ModelSchema schema = model.schema();
        if (schema != null && !schema.has("lora_scale")) {
            String field = lora.model() != null ? "lora.model" : "model";
            errors.add(new FieldError(prefix + field, "runs no LoRA: " + model.name() + " has no lora_scale input"));
            return;
        }
        if (schema != null && lora.weights() != null && !schema.has("lora_weights")) {
            errors.add(new FieldError(
                    prefix + "lora.weights", "is not taken by " + model.name() + ", which has no lora_weights input"));
            return;
        }
        input.put("lora_scale", lora.scale() != null ? lora.scale() : DEFAULT_LORA_SCALE);
        reportedAs.put("lora_scale", prefix + "lora.scale");
        if (lora.weights() != null) {
            input.put("lora_weights", lora.weights());
            reportedAs.put("lora_weights", prefix + "lora.weights");
        }
        if (lora.extra() != null) {
            input.put("extra_lora", lora.extra());
            reportedAs.put("extra_lora", prefix + "lora.extra");
            if (lora.extraScale() != null) {
                input.put("extra_lora_scale", lora.extraScale());
                reportedAs.put("extra_lora_scale", prefix + "lora.extra_scale");
            }
        }
    }

    private static void putRaw(
            GenerateRequest request,
            Map<String, Object> input,
            Map<String, String> reportedAs,
            List<FieldError> errors,
            String prefix) {
        if (request.input() == null) {
            return;
        }
        request.input().forEach((name, value) -> {
            if (!INPUT_NAME.matcher(name).matches()) {
                errors.add(new FieldError(prefix + "input." + name, "is not a valid input name"));
            } else if (input.containsKey(name)
                    && !"preset".equals(reportedAs.get(name).replace(prefix, ""))) {
                errors.add(new FieldError(prefix + "input." + name, "is already set by a typed field"));
            } else {
                input.put(name, value);
                reportedAs.put(name, prefix + "input." + name);
            }
        });
    }

    /** Models the request names as LoRA weights, which must be the caller's own when this service trained them. */
    private static List<String> weightsModels(GenerateRequest request) {
        List<Object> named = new ArrayList<>();
        LoraRequest lora = request.lora();
        if (lora != null) {
            named.add(lora.weights());
            named.add(lora.extra());
        }
        List<String> models = new ArrayList<>(WeightsReferences.modelsNamedBy(named));
        models.addAll(WeightsReferences.modelsIn(request.input()));
        return models;
    }

    private String promptWithTrigger(Caller caller, GenerateRequest request, ResolvedModel model) {
        String prompt = request.prompt() == null ? "" : request.prompt().strip();
        LoraRequest lora = request.lora();
        if (lora == null) {
            return prompt;
        }
        TrainedModels trained = trainedModels.get();
        Optional<String> trigger = Optional.ofNullable(lora.triggerWord()).filter(word -> !word.isBlank());
        if (trigger.isEmpty() && trained != null) {
            String trainedModel = lora.model() != null
                    ? model.name()
                    : weightsModels(request).stream().findFirst().orElse(null);
            trigger = trainedModel == null ? Optional.<String>empty() : trained.triggerWord(caller, trainedModel);
        }
        return trigger.filter(word -> !prompt.contains(word))
                .map(word -> word + " " + prompt)
                .orElse(prompt);
    }

    private static void putIfSet(Map<String, Object> input, String name, Object value) {
        if (value != null) {
            input.put(name, value);
        }
    }
}
