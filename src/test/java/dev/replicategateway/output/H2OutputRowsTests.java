package dev.replicategateway.output;

import static dev.replicategateway.support.H2Plans.rowsScanned;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The output claims on the embedded default: H2 in PostgreSQL mode, as the run command uses it. */
class H2OutputRowsTests extends OutputRowsContract {

    @Test
    void findingDueCopiesReadsOnlyTheOnesItTakesHoweverLongTheBacklog() {
        String plan = jdbc.sql("explain analyze " + OutputRows.DUE)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", 16)
                .query(String.class)
                .single();
        // Ordered by next_attempt_at alone, or locked in the same statement, H2 read the whole backlog
        assertThat(plan).as(plan).contains("index sorted");
        assertThat(rowsScanned(plan)).as(plan).isLessThanOrEqualTo(17);
    }
}
