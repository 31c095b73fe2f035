package dev.replicategateway.generation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * One image generation request. Field names follow Replicate's input names (snake_case in JSON); each
 * is sent under the name the chosen model gives it ({@code guidance_scale} goes to Flux Dev as
 * {@code guidance}), and the final input is checked against that model's own schema, so ranges and
 * choices here are only what holds for every model.
 *
 * @param model a catalog alias ({@code GET /models}), {@code owner/name}, {@code owner/name:version},
 *     a version id, or {@code deployments/owner/name}
 * @param preset a named set of inputs from the catalog ({@code portrait}, {@code landscape})
 * @param image one input image (an https URL), for the model's image input
 * @param images input images: https URLs, or {@code data:} URLs up to 256 KB (larger files: multipart)
 * @param input extra raw input for inputs without a typed field; it cannot override a typed field
 * @param webhook where to POST this prediction as it changes (signed with the caller's secret, retried
 *     for a day); {@code webhook_events_filter} picks from start, output, logs, completed (all by default)
 */
record GenerateRequest(
        @NotBlank
        @Size(max = 4000)
        @Pattern(regexp = "[^\\p{Cc}&&[^\\n\\r\\t]]*", message = "must not contain control characters")
        String prompt,

        @Size(max = 300) String model,
        @Size(max = 50) String preset,
        @Size(max = 20) String aspectRatio,
        @Min(1) @Max(10) Integer numOutputs,
        @Min(1) @Max(500) Integer numInferenceSteps,
        @DecimalMin("0.0") @DecimalMax("50.0") Double guidanceScale,
        @Size(max = 10) String outputFormat,
        @Min(0) @Max(100) Integer outputQuality,
        @Min(0) @Max(Integer.MAX_VALUE) Long seed,
        Boolean disableSafetyChecker,

        @Size(max = 2048) @Pattern(regexp = "https://\\S+", message = "must be an https URL")
        String image,

        @Size(max = 10) List<@NotBlank String> images,
        @DecimalMin("0.0") @DecimalMax("1.0") Double promptStrength,
        @Size(max = 4000) String negativePrompt,
        @Min(128) @Max(4096) Integer width,
        @Min(128) @Max(4096) Integer height,
        @Size(max = 50) String scheduler,
        @Size(max = 50) String refine,
        Boolean applyWatermark,
        @Valid LoraRequest lora,
        @Size(max = 50) Map<String, Object> input,
        String webhook,
        @Size(max = 4) List<String> webhookEventsFilter) {

    /** The same request with these images in place of {@code images} (uploaded files, once sent). */
    GenerateRequest withImages(List<String> urls) {
        return new GenerateRequest(
                prompt,
                model,
                preset,
                aspectRatio,
                numOutputs,
                numInferenceSteps,
                guidanceScale,
                outputFormat,
                outputQuality,
                seed,
                disableSafetyChecker,
                image,
                urls,
                promptStrength,
                negativePrompt,
                width,
                height,
                scheduler,
                refine,
                applyWatermark,
                lora,
                input,
                webhook,
                webhookEventsFilter);
    }
}
