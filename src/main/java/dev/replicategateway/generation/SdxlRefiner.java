package dev.replicategateway.generation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** SDXL's {@code refine} choices. */
enum SdxlRefiner implements WireValue {
    NO_REFINER,
    EXPERT_ENSEMBLE_REFINER,
    BASE_IMAGE_REFINER;

    @Override
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
