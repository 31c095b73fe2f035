package dev.replicategateway.training;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A LoRA training. Defaults: 1000 steps, rank 16, adamw8bit, batch 1, learning rate
 * 4e-4, caption prefix "a photo of {trigger_word}".
 *
 * @param imagesUrl an https URL of a zip of images Replicate can fetch (or upload the zip as {@code images})
 * @param webhook where to POST this training as it changes, as for {@code /generate}
 */
record TrainingRequest(
        @Size(max = 2048) @Pattern(regexp = "https://\\S+", message = "must be an https URL")
        String imagesUrl,

        @NotBlank
        @Size(max = 100)
        @Pattern(regexp = "[\\p{L}\\p{N}_-]+", message = "must be one word of letters, digits, _ or -")
        String triggerWord,

        @Size(max = 201)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*", message = "must be owner/name")
        String destination,

        @Min(3) @Max(6000) Integer steps,
        @Min(1) @Max(128) Integer loraRank,

        @Pattern(
                regexp = "adamw8bit|adamw|adam8bit|prodigy",
                message = "must be one of adamw8bit, adamw, adam8bit, prodigy")
        String optimizer,

        @Min(1) @Max(16) Integer batchSize,
        @DecimalMin("0.000001") @DecimalMax("0.01") Double learningRate,
        @Size(max = 500) String captionPrefix,
        @Size(max = 300) String trainer,
        String webhook,
        @Size(max = 4) List<String> webhookEventsFilter) {

    TrainingRequest withImagesUrl(String url) {
        return new TrainingRequest(
                url,
                triggerWord,
                destination,
                steps,
                loraRank,
                optimizer,
                batchSize,
                learningRate,
                captionPrefix,
                trainer,
                webhook,
                webhookEventsFilter);
    }
}
