package dev.replicategateway.generation;

import java.util.Set;

/**
 * The models whose inputs this API knows, with the inputs each takes and its ranges; any other model is
 * {@link #CUSTOM} and receives the typed inputs it is given (Flux-based LoRA models take Flux's).
 */
enum ModelFamily {
    FLUX_DEV(
            50,
            0.0,
            10.0,
            Set.of("negative_prompt", "width", "height", "scheduler", "refine", "apply_watermark"),
            true),
    FLUX_SCHNELL(
            4,
            null,
            null,
            Set.of(
                    "negative_prompt",
                    "width",
                    "height",
                    "scheduler",
                    "refine",
                    "apply_watermark",
                    "guidance_scale",
                    "image",
                    "prompt_strength"),
            false),
    SDXL(500, 1.0, 50.0, Set.of("aspect_ratio", "output_format", "output_quality"), false),
    CUSTOM(500, 0.0, 50.0, Set.of(), true);

    final int maxSteps;
    final Double minGuidance;
    final Double maxGuidance;
    final Set<String> unsupported;
    final boolean takesPreset;

    ModelFamily(int maxSteps, Double minGuidance, Double maxGuidance, Set<String> unsupported, boolean takesPreset) {
        this.maxSteps = maxSteps;
        this.minGuidance = minGuidance;
        this.maxGuidance = maxGuidance;
        this.unsupported = unsupported;
        this.takesPreset = takesPreset;
    }
}
