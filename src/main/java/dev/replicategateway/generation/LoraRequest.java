package dev.replicategateway.generation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A custom LoRA model to generate with.
 *
 * @param model {@code owner/name} or {@code owner/name:version}
 * @param scale LoRA influence (Replicate's {@code lora_scale}), 0–1
 * @param triggerWord the token the model was trained on; prepended to the prompt when missing
 */
record LoraRequest(
        @NotBlank @Size(max = 300) String model,
        @DecimalMin("0.0") @DecimalMax("1.0") Double scale,

        @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String triggerWord) {}
