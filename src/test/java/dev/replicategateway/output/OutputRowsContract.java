package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** Claiming outputs to copy, on each store, behind a backlog of due copies. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@Import(OutputRows.class)
abstract class OutputRowsContract {

    static final int BACKLOG = 300;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutputRows rows;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void backlogOfDueCopies() {
        for (int i = 0; i < BACKLOG; i++) {
            rows.insertPending(
                    "gw_o" + i, 0, "https://replicate.delivery/o" + i + ".png", now.minusSeconds(BACKLOG - i));
        }
        rows.insertPending("gw_later", 0, "https://replicate.delivery/later.png", now.plusSeconds(60));
    }

    @Test
    void aClaimTakesTheOldestDueCopiesAndTheNextClaimTheOnesAfterThem() {
        assertThat(rows.claimDue(now, Duration.ofMinutes(5), 3))
                .extracting(OutputRow::predictionId)
                .containsExactly("gw_o0", "gw_o1", "gw_o2");
        assertThat(rows.claimDue(now, Duration.ofMinutes(5), 3))
                .extracting(OutputRow::predictionId)
                .containsExactly("gw_o3", "gw_o4", "gw_o5");
    }

    @Test
    void aCopyNotYetDueIsNotClaimed() {
        assertThat(rows.claimDue(now, Duration.ofMinutes(5), BACKLOG + 1))
                .hasSize(BACKLOG)
                .extracting(OutputRow::predictionId)
                .doesNotContain("gw_later");
    }
}
