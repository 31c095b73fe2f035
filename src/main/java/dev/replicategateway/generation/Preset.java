package dev.replicategateway.generation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Tuned Flux settings: {@code portrait} (2:3, 30 steps, guidance 4, webp at 90) and {@code landscape}
 * (16:9, 28 steps, guidance 3.5, webp at 85); fields the request sets itself win over the preset's.
 */
enum Preset implements WireValue {
    PORTRAIT(AspectRatio.R2_3, 30, 4.0, OutputFormat.WEBP, 90),
    LANDSCAPE(AspectRatio.R16_9, 28, 3.5, OutputFormat.WEBP, 85);

    final AspectRatio aspectRatio;
    final int numInferenceSteps;
    final double guidanceScale;
    final OutputFormat outputFormat;
    final int outputQuality;

    Preset(AspectRatio aspectRatio, int steps, double guidance, OutputFormat format, int quality) {
        this.aspectRatio = aspectRatio;
        this.numInferenceSteps = steps;
        this.guidanceScale = guidance;
        this.outputFormat = format;
        this.outputQuality = quality;
    }

    @Override
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
