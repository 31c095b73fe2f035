package dev.replicategateway.prediction;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads progress from the tqdm lines in a model's logs (" 50%|█████     | 14/28 [...]"). The last
 * complete match wins, as in Replicate's JavaScript client; logs without one mean "unknown" (null),
 * not 0.
 */
public final class ProgressParser {

    private static final Pattern TQDM = Pattern.compile("(\\d+)%\\s*\\|.+?\\|\\s*(\\d+)/(\\d+)");

    private ProgressParser() {}

    public static Double parse(String logs) {
        if (logs == null || logs.isEmpty()) {
            return null;
        }
        Matcher matcher = TQDM.matcher(logs);
        Double progress = null;
        while (matcher.find()) {
            long current = Long.parseLong(matcher.group(2));
            long total = Long.parseLong(matcher.group(3));
            if (total > 0 && current <= total) {
                progress = (double) current / total;
            }
        }
        return progress;
    }
}
