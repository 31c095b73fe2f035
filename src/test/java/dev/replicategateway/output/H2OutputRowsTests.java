package dev.replicategateway.output;

import static dev.replicategateway.support.H2Plans.assertReadsOnlyWhatItTakes;

import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The output claims on the embedded default: H2 in PostgreSQL mode, as the run command uses it. */
class H2OutputRowsTests extends OutputRowsContract {

    @Test
    void findingDueCopiesReadsOnlyTheOnesItTakesHoweverLongTheBacklog() {
        // Ordered by next_attempt_at alone, or locked in the same statement, H2 read the whole backlog
        assertReadsOnlyWhatItTakes(jdbc, OutputRows.DUE, Map.of("now", now.atOffset(ZoneOffset.UTC)));
    }
}
