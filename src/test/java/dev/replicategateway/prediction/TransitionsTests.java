package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TransitionsTests {

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void laterStatusReplacesEarlierOne() {
        Prediction next = Transitions.merge(
                stored(PredictionStatus.STARTING, null), upstream(ReplicateStatus.PROCESSING, "a"), 100, now);
        assertThat(next.status()).isEqualTo(PredictionStatus.PROCESSING);
        assertThat(next.logs()).isEqualTo("a");
    }

    @Test
    void finalStateIsNeverOverwrittenByALateEvent() {
        Prediction done = stored(PredictionStatus.SUCCEEDED, "all logs");
        assertThat(Transitions.merge(done, upstream(ReplicateStatus.PROCESSING, "all"), 100, now))
                .isSameAs(done);
    }

    @Test
    void anEarlierStatusArrivingLateDoesNotMoveBackButLogsStillGrow() {
        Prediction next = Transitions.merge(
                stored(PredictionStatus.PROCESSING, "ab"), upstream(ReplicateStatus.STARTING, "abc"), 100, now);
        assertThat(next.status()).isEqualTo(PredictionStatus.PROCESSING);
        assertThat(next.logs()).isEqualTo("abc");
    }

    @Test
    void logsNeverShrinkAndKeepOnlyTheirTail() {
        assertThat(Transitions.longer("abcdef", "abc", 100)).isEqualTo("abcdef");
        assertThat(Transitions.longer("abc", "abcdefgh", 4)).isEqualTo("efgh");
        assertThat(Transitions.longer("abc", null, 4)).isEqualTo("abc");
    }

    @Test
    void succeededMeansFullProgressAndKeepsOutputAndCompletion() {
        ReplicatePrediction done = new ReplicatePrediction(
                "r",
                null,
                null,
                null,
                "x",
                JsonNodeFactory.instance.arrayNode().add("u"),
                false,
                null,
                ReplicateStatus.SUCCEEDED,
                null,
                null,
                null,
                null,
                null,
                Map.of("predict_time", 2.5),
                null,
                null,
                null);
        Prediction next = Transitions.merge(stored(PredictionStatus.PROCESSING, null), done, 100, now);
        assertThat(next.progress()).isEqualTo(1.0);
        assertThat(next.output().get(0).asText()).isEqualTo("u");
        assertThat(next.completedAt()).isEqualTo(now);
        assertThat(next.metrics()).containsEntry("predict_time", 2.5);
    }

    @Test
    void progressStaysUnknownWithoutTqdmLines() {
        Prediction next = Transitions.merge(
                stored(PredictionStatus.STARTING, null),
                upstream(ReplicateStatus.PROCESSING, "loading weights\n"),
                100,
                now);
        assertThat(next.progress()).isNull();
    }

    @Test
    void progressIsTakenFromTheLastCompleteTqdmLine() {
        assertThat(
                        ProgressParser.parse(
                                " 10%|█         | 3/28 [00:01<00:09]\n 50%|█████     | 14/28 [00:02<00:02,  6.12it/s]\n 53%|█████"))
                .isEqualTo(0.5);
        assertThat(ProgressParser.parse("Using seed: 42\n")).isNull();
        assertThat(ProgressParser.parse(null)).isNull();
        assertThat(ProgressParser.parse("100%|██████████| 28/28 [00:04<00:00]")).isEqualTo(1.0);
    }

    @Test
    void pollDelaysGrowByHalfFromOneSecondUpToFive() {
        LifecycleProperties.Poll poll = new LifecycleProperties.Poll(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1.5,
                Duration.ofSeconds(5),
                200,
                8,
                Duration.ofSeconds(20),
                10,
                20,
                50,
                Duration.ofSeconds(30));
        assertThat(IntStream.range(0, 6).mapToObj(poll::delayAfter).map(Duration::toMillis))
                .containsExactly(1000L, 1500L, 2250L, 3375L, 5000L, 5000L);
    }

    private Prediction stored(PredictionStatus status, String logs) {
        return new Prediction.Builder()
                .id("gw_1")
                .owner("anonymous")
                .kind(WorkKind.PREDICTION)
                .status(status)
                .model("m")
                .input(Map.of())
                .replicateId("r")
                .logs(logs)
                .nextAttemptAt(now)
                .deadlineAt(now)
                .createdAt(now)
                .submittedAt(now)
                .updatedAt(now)
                .build();
    }

    private static ReplicatePrediction upstream(ReplicateStatus status, String logs) {
        return new ReplicatePrediction(
                "r", null, null, null, logs, null, false, null, status, null, null, null, null, null, null, null, null,
                null);
    }
}
