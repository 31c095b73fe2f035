package dev.replicategateway.prediction;

import static dev.replicategateway.support.H2Plans.assertReadsOnlyWhatItTakes;
import static dev.replicategateway.support.H2Plans.rowsScanned;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.test.context.ActiveProfiles;

/** The store contract on the embedded default: H2 in PostgreSQL mode, as the run command uses it. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class H2PredictionStoreTests extends PredictionStoreContract {

    @Override
    boolean skipsEachLockedRow() {
        return false;
    }

    @Test
    void recordingAnAnswerReadsOneRowHoweverLongTheQueue() {
        for (int i = 0; i < 300; i++) {
            rows.insert(queued("gw_q" + i, now));
        }
        for (String sql : new String[] {SubmissionRecords.RECORD_CREATED, SubmissionRecords.RECORD_ADOPTED}) {
            String plan = jdbc.sql("explain analyze " + sql)
                    .param("rid", "rep1")
                    .param("status", "STARTING")
                    .param("now", now)
                    .param("next", now)
                    .param("id", "gw_q7")
                    .param("token", "t1")
                    .query(String.class)
                    .single();
            // H2 counts the primary-key lookup as 2; the index on replicate_id made it 301
            assertThat(rowsScanned(plan)).as(plan).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void claimingDueRowsReadsOnlyTheOnesItTakesHoweverLongTheQueue() {
        for (int i = 0; i < 300; i++) {
            rows.insert(queued("gw_d" + i, now.minusSeconds(300 - i)));
        }
        // Ordered by next_attempt_at alone, or locked in the same statement, H2 read all 300 (301)
        assertReadsOnlyWhatItTakes(
                jdbc,
                WorkLeases.DUE_OF_STATUS,
                Map.of("status", "QUEUED", "kind", WorkKind.PREDICTION.column(), "now", now));
    }

    @Test
    void findingOrphansToCancelReadsOnlyTheOnesItTakesHoweverManyAreDue() {
        OrphanedPredictions orphans = new OrphanedPredictions(jdbc);
        for (int i = 0; i < 300; i++) {
            orphans.record(WorkKind.PREDICTION, "rep_o" + i, "gw_o" + i, "lost", now.minusSeconds(300 - i));
        }
        // Ordered by next_attempt_at alone, H2 read and sorted all 300 (301)
        assertReadsOnlyWhatItTakes(jdbc, OrphanedPredictions.DUE, Map.of("now", now));
        assertThat(orphans.due(now, 16))
                .hasSize(16)
                .first()
                .extracting(OrphanedPredictions.Orphan::replicateId)
                .isEqualTo("rep_o0");
    }
}
