package dev.replicategateway.callerwebhook;

import static dev.replicategateway.support.H2Plans.assertReadsOnlyWhatItTakes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/** The outbox on the embedded default store, behind a backlog of due deliveries. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@Import(Outbox.class)
class H2OutboxTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Test
    void leasingDueDeliveriesReadsOnlyTheOnesItTakesHoweverLongTheBacklog() {
        for (int i = 0; i < 300; i++) {
            WebhookSubscription subscription = new WebhookSubscription(
                    "gw_w" + i,
                    "acme",
                    "https://hooks.example.com/r",
                    Set.of(WebhookEvent.COMPLETED),
                    WebhookSubscription.GATEWAY,
                    "http://localhost:8080",
                    false,
                    null);
            outbox.enqueue("wh_" + i, subscription, WebhookEvent.COMPLETED, now.minusSeconds(300 - i), now);
        }
        // Ordered by next_attempt_at alone, H2 read and sorted the whole backlog (301)
        assertReadsOnlyWhatItTakes(jdbc, Outbox.DUE, Map.of("now", now.atOffset(ZoneOffset.UTC)));
        assertThat(outbox.lease("t1", now, now.plusSeconds(60), 16))
                .extracting(OutboxEntry::id)
                .hasSize(16)
                .contains("wh_0", "wh_15");
    }
}
