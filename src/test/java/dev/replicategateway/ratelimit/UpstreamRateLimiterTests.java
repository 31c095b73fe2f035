package dev.replicategateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpstreamRateLimiterTests {

    private static final int CREATES_PER_MINUTE = 5;
    private static final int OTHERS_PER_MINUTE = 100;
    private static final Duration MAX_PAUSE = Duration.ofMinutes(2);

    private final ManualTime time = new ManualTime();
    private final UpstreamRateLimiter limiter = new UpstreamRateLimiter(
            new UpstreamLimitProperties(CREATES_PER_MINUTE, OTHERS_PER_MINUTE, MAX_PAUSE, Duration.ofSeconds(30)),
            time.clock(),
            new LocalBudgetStore(time),
            time,
            new SimpleMeterRegistry());

    @Test
    void budgetAllowsItsPerMinuteLimitAtOnceAndNoMore() {
        long granted = IntStream.range(0, 10).filter(i -> takeNow()).count();

        assertThat(granted).isEqualTo(CREATES_PER_MINUTE);
        assertThat(limiter.available(UpstreamBudget.PREDICTION_CREATES)).isZero();
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void oneCallComesBackEveryTwelveSecondsAtFivePerMinute() {
        drainCreates();

        time.advance(Duration.ofSeconds(11));
        assertThat(takeNow()).isFalse();

        time.advance(Duration.ofSeconds(1));
        assertThat(takeNow()).isTrue();
        assertThat(takeNow()).isFalse();
    }

    @Test
    void acquireWaitsForTheNextCallThroughBucket4jsBlockingApi() throws InterruptedException {
        drainCreates();

        assertThat(limiter.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30)))
                .isTrue();

        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(12));
        assertThat(limiter.available(UpstreamBudget.PREDICTION_CREATES)).isZero();
    }

    @Test
    void acquireGivesUpWithoutTakingWhenTheWaitWouldBeLongerThanAllowed() throws InterruptedException {
        drainCreates();

        assertThat(limiter.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(5)))
                .isFalse();

        assertThat(time.sleeps()).isEmpty();
        time.advance(Duration.ofSeconds(12));
        assertThat(takeNow()).as("the call that was not taken is still there").isTrue();
    }

    @Test
    void pauseStopsTheBudgetUntilRetryAfterHasPassed() {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));

        assertThat(takeNow()).isFalse();
        assertThat(limiter.available(UpstreamBudget.PREDICTION_CREATES)).isZero();
        assertThat(limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isEqualTo(Duration.ofSeconds(30));

        time.advance(Duration.ofSeconds(29));
        assertThat(takeNow()).isFalse();

        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isZero();
        assertThat(takeNow()).isTrue();
    }

    @Test
    void acquireWaitsOutAPauseItHasTimeFor() throws InterruptedException {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));

        assertThat(limiter.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ofMinutes(1)))
                .isTrue();

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(limiter.available(UpstreamBudget.PREDICTION_CREATES)).isEqualTo(CREATES_PER_MINUTE - 1);
    }

    @Test
    void acquireDoesNotWaitForAPauseLongerThanItMay() throws InterruptedException {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));

        assertThat(limiter.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(10)))
                .isFalse();

        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void aShorterPauseDoesNotShortenALongerOne() {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(5));

        assertThat(limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aPauseLongerThanTheMaximumIsCutToIt() {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofDays(1));

        assertThat(limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isEqualTo(MAX_PAUSE);
    }

    @Test
    void anUnreadableOrNegativePauseIsTheMaximum() {
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, null);
        limiter.pause(UpstreamBudget.EVERYTHING_ELSE, Duration.ofSeconds(-5));

        assertThat(limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isEqualTo(MAX_PAUSE);
        assertThat(limiter.pauseRemaining(UpstreamBudget.EVERYTHING_ELSE)).isEqualTo(MAX_PAUSE);
    }

    @Test
    void budgetsAreIndependent() throws InterruptedException {
        drainCreates();
        limiter.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));

        assertThat(limiter.pauseRemaining(UpstreamBudget.EVERYTHING_ELSE)).isZero();
        assertThat(limiter.acquire(UpstreamBudget.EVERYTHING_ELSE, Duration.ZERO))
                .isTrue();
        assertThat(limiter.available(UpstreamBudget.EVERYTHING_ELSE)).isEqualTo(OTHERS_PER_MINUTE - 1);
        assertThat(time.sleeps()).isEmpty();
    }

    private boolean takeNow() {
        try {
            return limiter.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ZERO);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drainCreates() {
        for (int i = 0; i < CREATES_PER_MINUTE; i++) {
            assertThat(takeNow()).isTrue();
        }
        assertThat(takeNow()).isFalse();
    }
}
