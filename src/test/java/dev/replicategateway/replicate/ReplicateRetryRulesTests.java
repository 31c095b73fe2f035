package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicategateway.common.Backoff;
import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicateRetryRulesTests {

    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

    static Stream<Arguments> table() {
        return Stream.of(
                // failure, retried as SAFE, retried as CREATE
                row("429 without a wait", new ReplicateThrottledException("throttled", null), true, true),
                row(
                        "429 with a short wait",
                        new ReplicateThrottledException("throttled", Duration.ofSeconds(30)),
                        true,
                        true),
                row(
                        "429 at the longest wait",
                        new ReplicateThrottledException("throttled", MAX_RETRY_AFTER),
                        true,
                        true),
                row(
                        "429 with a wait over the longest",
                        new ReplicateThrottledException("throttled", Duration.ofSeconds(61)),
                        false,
                        false),
                row("5xx answered", new ReplicateUnavailableException(503, "503", true, null), true, false),
                row(
                        "timeout after sending",
                        new ReplicateUnavailableException(0, "timeout", true, new IOException()),
                        true,
                        false),
                row(
                        "refused before sending",
                        new ReplicateUnavailableException(0, "refused", false, new IOException()),
                        true,
                        true),
                row(
                        "our own budget used up",
                        new UpstreamBudgetExhaustedException(UpstreamBudget.PREDICTION_CREATES),
                        false,
                        false),
                row("the circuit breaker open", new ReplicateCircuitOpenException(), false, false),
                row("401", new ReplicateUnauthorizedException(401, "no"), false, false),
                row("403", new ReplicateUnauthorizedException(403, "no"), false, false),
                row("404", new ReplicateNotFoundException("gone"), false, false),
                row("422", new ReplicateInvalidInputException(422, "bad", List.of()), false, false),
                row("402", new ReplicateRequestException(402, "pay"), false, false),
                row("a bug of ours", new IllegalStateException("bug"), false, false));
    }

    private static Arguments row(String name, Throwable failure, boolean safe, boolean create) {
        return Arguments.of(name, failure, safe, create);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void safeCallsAndCreatesAreRetriedOnlyOnWhatCannotCostTwice(
            String name, Throwable failure, boolean safe, boolean create) {
        assertThat(ReplicateRetryRules.isRetryable(CallKind.SAFE, failure, MAX_RETRY_AFTER))
                .as("SAFE on %s", name)
                .isEqualTo(safe);
        assertThat(ReplicateRetryRules.isRetryable(CallKind.CREATE, failure, MAX_RETRY_AFTER))
                .as("CREATE on %s", name)
                .isEqualTo(create);
    }

    @Test
    void waitIsTheRetryAfterWhenReplicateGaveOne() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), 1.0, Duration.ofSeconds(1));

        assertThat(ReplicateRetryRules.waitMillis(
                        1, new ReplicateThrottledException("throttled", Duration.ofSeconds(3)), backoff))
                .isEqualTo(3000);
        // Without one, the backoff with ±50 % jitter.
        assertThat(ReplicateRetryRules.waitMillis(1, new ReplicateThrottledException("throttled", null), backoff))
                .isBetween(500L, 1500L);
        assertThat(ReplicateRetryRules.waitMillis(
                        1, new ReplicateUnavailableException(503, "503", true, null), backoff))
                .isBetween(500L, 1500L);
    }
}
