package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** How often, and for how long, the poller asks Replicate. */
@TestPropertySource(
        properties = {
            "replicate.read-timeout=30s",
            "gateway.lifecycle.poll.round-budget=1s",
            "gateway.lifecycle.poll.concurrency=2"
        })
class PollScheduleTests extends LifecycleTestSupport {

    private static final String BODY = "{\"prompt\":\"poll me\",\"model\":\"flux-schnell\"}";

    @Test
    void aPredictionWithoutWebhooksIsPolledOnItsBackoffScheduleForNineMinutes() throws Exception {
        generate(BODY);
        submitter.submitDue();

        int gets = getsOver(Duration.ofMinutes(9));

        // 1 s, 1.5 s, 2.25 s, 3.4 s, then every 5 s (ticks of one second round each wait up)
        assertThat(gets).isBetween(100, 115);
    }

    @Test
    void aRoundEndsOnTimeWhileReplicateHangsAndLeavesTheRestForTheNextRound() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(generate("{\"prompt\":\"hang " + i + "\",\"model\":\"flux-schnell\"}"));
        }
        submitter.submitDue();
        replicate.delayGets(10_000);
        clock.advance(Duration.ofSeconds(2));

        poller.pollDue();

        assertThat(replicate.getCalls.get())
                .as("two at a time, each cut at the round's end; the other four wait for the next round")
                .isEqualTo(2);
        assertThat(ids).allSatisfy(id -> assertThat(leaseHolder(id)).isNull());
        assertThat(ids.stream().filter(id -> !stored(id).nextAttemptAt().isAfter(clock.instant())))
                .as("not polled, so due at once")
                .hasSize(4);
    }

    private int getsOver(Duration span) {
        for (long second = 0; second < span.toSeconds(); second++) {
            clock.advance(Duration.ofSeconds(1));
            poller.pollDue();
        }
        return replicate.getCalls.get();
    }

    private String leaseHolder(String id) {
        return jdbc.sql("select claimed_by from predictions where id = :id")
                .param("id", id)
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
