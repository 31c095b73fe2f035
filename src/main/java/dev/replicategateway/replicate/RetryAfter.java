package dev.replicategateway.replicate;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long Replicate asked us to wait: the {@code Retry-After} header (seconds or an HTTP date),
 * else a {@code retry_after} number in the body (low-credit accounts get those), else the number of
 * seconds in a detail such as "Your rate limit resets in ~30s" or "Expected available in 1 second".
 * Whatever it reads is taken as said; the rate limiter cuts absurd waits to its maximum pause.
 */
final class RetryAfter {

    private static final Pattern SECONDS_IN_DETAIL =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:s\\b|sec\\b|secs\\b|seconds?\\b)", Pattern.CASE_INSENSITIVE);

    private RetryAfter() {}

    static Duration parse(String header, String detail, Clock clock) {
        return parse(header, null, detail, clock);
    }

    static Duration parse(String header, Double bodySeconds, String detail, Clock clock) {
        Duration fromHeader = fromHeader(header, clock);
        if (fromHeader != null) {
            return fromHeader;
        }
        if (bodySeconds != null && !bodySeconds.isNaN() && bodySeconds >= 0) {
            return seconds(bodySeconds);
        }
        return fromDetail(detail);
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(Math.min(seconds, 1e12) * 1000));
    }

    static Duration fromHeader(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            double seconds = Double.parseDouble(value);
            return Double.isNaN(seconds) ? null : seconds(Math.max(0, seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    static Duration fromDetail(String detail) {
        if (detail == null) {
            return null;
        }
        Matcher matcher = SECONDS_IN_DETAIL.matcher(detail);
        return matcher.find() ? seconds(Double.parseDouble(matcher.group(1))) : null;
    }
}
