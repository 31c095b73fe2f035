package dev.replicategateway.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * One image generation request. Field names follow Replicate's input names (snake_case in JSON). The
 * ranges here hold for every model; tighter, model-specific ones are checked by {@link GenerationPlanner}.
 */
record GenerateRequest(
        @NotBlank
        @Size(max = 4000)
        @Pattern(regexp = "[^\\p{Cc}&&[^\\n\\r\\t]]*", message = "must not contain control characters")
        String prompt,

        @Size(max = 300) String model,
        @OneOf(Preset.class) String preset,
        @OneOf(AspectRatio.class) String aspectRatio,
        @Min(1) @Max(4) Integer numOutputs,
        @Min(1) @Max(500) Integer numInferenceSteps,
        @DecimalMin("0.0") @DecimalMax("50.0") Double guidanceScale,
        @OneOf(OutputFormat.class) String outputFormat,
        @Min(0) @Max(100) Integer outputQuality,
        @Min(0) @Max(Integer.MAX_VALUE) Long seed,
        Boolean disableSafetyChecker,

        @Size(max = 2048) @Pattern(regexp = "https://\\S+", message = "must be an https URL")
        String image,

        @DecimalMin("0.0") @DecimalMax("1.0") Double promptStrength,
        @Size(max = 4000) String negativePrompt,
        @Min(128) @Max(2048) Integer width,
        @Min(128) @Max(2048) Integer height,
        @OneOf(SdxlScheduler.class) String scheduler,
        @OneOf(SdxlRefiner.class) String refine,
        Boolean applyWatermark,
        @Valid LoraRequest lora,
        @Size(max = 50) Map<String, Object> input) {}
