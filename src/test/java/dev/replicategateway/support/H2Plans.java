package dev.replicategateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What H2's {@code EXPLAIN ANALYZE} says a statement read. */
public final class H2Plans {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    private H2Plans() {}

    /** The rows the first table of {@code plan} was read for (a primary-key lookup counts 2). */
    public static int rowsScanned(String plan) {
        Matcher m = SCAN_COUNT.matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
