package dev.replicategateway.generation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * LoRA weights to generate with, either way Replicate offers: run a trained model itself
 * ({@code model}), or a LoRA-capable base model (by default {@code black-forest-labs/flux-dev-lora})
 * with {@code weights}. The trigger word of a model this caller trained is found without naming it.
 *
 * @param model a trained model, {@code owner/name} or {@code owner/name:version}
 * @param weights weights for a LoRA-capable base model: {@code owner/model}, {@code owner/model/version},
 *     a HuggingFace or {@code .safetensors} URL (its {@code lora_weights})
 * @param scale LoRA influence ({@code lora_scale})
 * @param extra a second LoRA ({@code extra_lora}), and its {@code extraScale}
 * @param triggerWord the token the model was trained on; prepended to the prompt when missing
 */
record LoraRequest(
        @Size(max = 300) String model,
        @Size(max = 2048) String weights,
        @DecimalMin("-1.0") @DecimalMax("3.0") Double scale,
        @Size(max = 2048) String extra,
        @DecimalMin("-1.0") @DecimalMax("3.0") Double extraScale,

        @Size(max = 100) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
        String triggerWord) {}
