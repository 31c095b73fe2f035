package dev.replicategateway.compat;

import dev.replicategateway.web.InvalidRequestException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's {@code Cancel-After} header: a duration such as {@code 90s}, {@code 5m} or
 * {@code 1h30m}, or plain seconds; at least 5 seconds, as Replicate requires.
 */
final class CancelAfter {

    private static final Duration SHORTEST = Duration.ofSeconds(5);
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private CancelAfter() {}

    /** Null when the header is absent (the configured deadline applies). */
    static Duration of(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        Duration duration;
        if (value.matches("\\d{1,9}")) {
            duration = Duration.ofSeconds(Long.parseLong(value));
        } else if (value.matches("(\\d+(\\.\\d+)?(ms|s|m|h))+")) {
            duration = Duration.ZERO;
            Matcher part = PART.matcher(value);
            while (part.find()) {
                double amount = Double.parseDouble(part.group(1));
                long millis =
                        switch (part.group(2)) {
                            case "ms" -> Math.round(amount);
                            case "s" -> Math.round(amount * 1000);
                            case "m" -> Math.round(amount * 60_000);
                            default -> Math.round(amount * 3_600_000);
                        };
                duration = duration.plusMillis(millis);
            }
        } else {
            throw InvalidRequestException.of("Cancel-After", "must be a duration such as 90s, 5m or 1h30m");
        }
        if (duration.compareTo(SHORTEST) < 0) {
            throw InvalidRequestException.of("Cancel-After", "must be at least 5s");
        }
        return duration;
    }
}
