package dev.replicategateway.generation;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

enum OutputFormat implements WireValue {
    WEBP,
    JPG,
    PNG;

    @Override
    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
