package dev.replicategateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What H2's {@code EXPLAIN ANALYZE} says a statement read. */
public final class H2Plans {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    /** How many rows the due-row reads take in these checks (their {@code :limit}). */
    public static final int TAKEN = 16;

    private H2Plans() {}

    /**
     * Asserts that {@code dueRead}, run with {@code params} and {@value #TAKEN} as its {@code :limit},
     * reads its index in order and no rows beyond those it takes and the one it stops at.
     */
    public static void assertReadsOnlyWhatItTakes(JdbcClient jdbc, String dueRead, Map<String, ?> params) {
        String plan = jdbc.sql("explain analyze " + dueRead)
                .params(params)
                .param("limit", TAKEN)
                .query(String.class)
                .single();
        assertThat(plan).as(plan).contains("index sorted");
        assertThat(rowsScanned(plan)).as(plan).isLessThanOrEqualTo(TAKEN + 1);
    }

    /** The rows the first table of {@code plan} was read for (a primary-key lookup counts 2). */
    public static int rowsScanned(String plan) {
        Matcher m = SCAN_COUNT.matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
