package dev.replicategateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpstreamRateLimiterTests {

    private static final int CREATES_PER_MINUTE = 5;
    private static final int READS_PER_MINUTE = 100;

    private final ManualTime time = new ManualTime();
    private final UpstreamRateLimiter limiter = new UpstreamRateLimiter(
            new UpstreamLimitProperties(CREATES_PER_MINUTE, READS_PER_MINUTE), time.clock(), time, time);

    @Test
    void budgetAllowsItsPerMinuteLimitAtOnceAndNoMore() {
        long granted = IntStream.range(0, 10)
                .filter(i -> limiter.tryAcquire(UpstreamBudget.CREATES))
                .count();

        assertThat(granted).isEqualTo(CREATES_PER_MINUTE);
        assertThat(limiter.available(UpstreamBudget.CREATES)).isZero();
    }

    @Test
    void oneCallComesBackEveryTwelveSecondsAtFivePerMinute() {
        drainCreates();

        time.advance(Duration.ofSeconds(11));
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isFalse();

        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isTrue();
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isFalse();
    }

    @Test
    void acquireDoesNotWaitWhileTheBudgetHasCalls() throws InterruptedException {
        for (int i = 0; i < CREATES_PER_MINUTE; i++) {
            limiter.acquire(UpstreamBudget.CREATES);
        }

        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void acquireWaitsForTheNextCallInsteadOfFailing() throws InterruptedException {
        drainCreates();

        limiter.acquire(UpstreamBudget.CREATES);

        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.slept()).isEqualTo(Duration.ofSeconds(12));
        assertThat(limiter.available(UpstreamBudget.CREATES)).isZero();
    }

    @Test
    void pauseStopsTheBudgetUntilRetryAfterHasPassed() {
        limiter.pause(UpstreamBudget.CREATES, Duration.ofSeconds(30));

        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isFalse();
        assertThat(limiter.available(UpstreamBudget.CREATES)).isZero();
        assertThat(limiter.pauseRemaining(UpstreamBudget.CREATES)).isEqualTo(Duration.ofSeconds(30));

        time.advance(Duration.ofSeconds(29));
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isFalse();

        time.advance(Duration.ofSeconds(1));
        assertThat(limiter.pauseRemaining(UpstreamBudget.CREATES)).isZero();
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isTrue();
    }

    @Test
    void acquireWaitsOutAPause() throws InterruptedException {
        limiter.pause(UpstreamBudget.CREATES, Duration.ofSeconds(30));

        limiter.acquire(UpstreamBudget.CREATES);

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
        assertThat(limiter.pauseRemaining(UpstreamBudget.CREATES)).isZero();
        assertThat(limiter.available(UpstreamBudget.CREATES)).isEqualTo(CREATES_PER_MINUTE - 1);
    }

    @Test
    void aShorterPauseDoesNotShortenALongerOne() {
        limiter.pause(UpstreamBudget.CREATES, Duration.ofSeconds(30));
        limiter.pause(UpstreamBudget.CREATES, Duration.ofSeconds(5));

        assertThat(limiter.pauseRemaining(UpstreamBudget.CREATES)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void budgetsAreIndependent() throws InterruptedException {
        drainCreates();
        limiter.pause(UpstreamBudget.CREATES, Duration.ofSeconds(30));

        assertThat(limiter.pauseRemaining(UpstreamBudget.READS)).isZero();
        assertThat(limiter.tryAcquire(UpstreamBudget.READS)).isTrue();
        limiter.acquire(UpstreamBudget.READS);
        assertThat(limiter.available(UpstreamBudget.READS)).isEqualTo(READS_PER_MINUTE - 2);
        assertThat(time.sleeps()).isEmpty();
    }

    private void drainCreates() {
        for (int i = 0; i < CREATES_PER_MINUTE; i++) {
            assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isTrue();
        }
        assertThat(limiter.tryAcquire(UpstreamBudget.CREATES)).isFalse();
    }
}
