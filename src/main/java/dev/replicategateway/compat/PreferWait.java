package dev.replicategateway.compat;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replicate's {@code Prefer: wait} and {@code Prefer: wait=n}: hold the create up to n seconds (60 when
 * no number is given), clamped to 1–60 as Replicate allows (the JavaScript client sends any number).
 */
final class PreferWait {

    static final Duration LONGEST = Duration.ofSeconds(60);
    private static final Pattern WAIT = Pattern.compile("(?:^|[;,\\s])wait(?:\\s*=\\s*(\\d{1,6}))?(?:$|[;,\\s])");

    private PreferWait() {}

    static Optional<Duration> of(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        Matcher wait = WAIT.matcher(prefer.trim());
        if (!wait.find()) {
            return Optional.empty();
        }
        if (wait.group(1) == null) {
            return Optional.of(LONGEST);
        }
        long seconds = Math.max(1, Math.min(LONGEST.toSeconds(), Long.parseLong(wait.group(1))));
        return Optional.of(Duration.ofSeconds(seconds));
    }
}
