package dev.replicategateway.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads a fault's duration set at run time the way configuration reads it ({@code "2s"}, {@code "500ms"},
 * or ISO {@code "PT2S"}); a bare JSON number is seconds.
 */
class FaultDurations extends JsonDeserializer<Duration> {

    @Override
    public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken().isNumeric()) {
            return Duration.ofMillis((long) (parser.getDoubleValue() * 1000));
        }
        String text = parser.getValueAsString();
        try {
            return DurationStyle.detectAndParse(text.trim());
        } catch (IllegalArgumentException e) {
            return (Duration) context.handleWeirdStringValue(Duration.class, text, "not a duration like 2s or PT2S");
        }
    }
}
