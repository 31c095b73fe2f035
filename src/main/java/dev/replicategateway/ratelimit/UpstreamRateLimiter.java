package dev.replicategateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spends Replicate's budgets. Each budget is a greedy token bucket of its per-minute limit; a 429
 * pauses the whole budget until its Retry-After has passed, so every caller waits, not only the one
 * that was throttled.
 */
public class UpstreamRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRateLimiter.class);

    private final Map<UpstreamBudget, Bucket> buckets = new EnumMap<>(UpstreamBudget.class);
    private final Map<UpstreamBudget, AtomicReference<Instant>> pausedUntil = new EnumMap<>(UpstreamBudget.class);
    private final Clock clock;
    private final Sleeper sleeper;
    private final MeterRegistry meters;

    public UpstreamRateLimiter(UpstreamLimitProperties limits, Clock clock, TimeMeter timeMeter, Sleeper sleeper) {
        this(limits, clock, timeMeter, sleeper, new SimpleMeterRegistry());
    }

    public UpstreamRateLimiter(
            UpstreamLimitProperties limits, Clock clock, TimeMeter timeMeter, Sleeper sleeper, MeterRegistry meters) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.meters = meters;
        for (UpstreamBudget budget : UpstreamBudget.values()) {
            int perMinute = limits.perMinute(budget);
            Bandwidth bandwidth = Bandwidth.builder()
                    .capacity(perMinute)
                    .refillGreedy(perMinute, Duration.ofMinutes(1))
                    .build();
            buckets.put(
                    budget,
                    Bucket.builder()
                            .addLimit(bandwidth)
                            .withCustomTimePrecision(timeMeter)
                            .build());
            pausedUntil.put(budget, new AtomicReference<>(Instant.EPOCH));
        }
    }

    /** Takes one call from the budget, waiting for a token and for any 429 pause to pass. */
    public void acquire(UpstreamBudget budget) throws InterruptedException {
        waitOutPause(budget);
        Bucket bucket = buckets.get(budget);
        while (true) {
            var probe = bucket.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                return;
            }
            meters.counter("replicate.ratelimit.waits", "budget", budget.name().toLowerCase())
                    .increment();
            sleeper.sleep(Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    /** Takes one call if the budget has one now and is not paused; never waits. */
    public boolean tryAcquire(UpstreamBudget budget) {
        return pauseRemaining(budget).isZero() && buckets.get(budget).tryConsume(1);
    }

    /** Calls the budget could make right now (0 while paused). */
    public long available(UpstreamBudget budget) {
        return pauseRemaining(budget).isZero() ? buckets.get(budget).getAvailableTokens() : 0;
    }

    /** Replicate said 429: nobody spends this budget until {@code retryAfter} has passed. */
    public void pause(UpstreamBudget budget, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        Instant previous = pausedUntil.get(budget).getAndAccumulate(until, (a, b) -> a.isAfter(b) ? a : b);
        meters.counter("replicate.ratelimit.throttled", "budget", budget.name().toLowerCase())
                .increment();
        if (until.isAfter(previous)) {
            log.warn("Replicate throttled us: {} budget paused for {}", budget, retryAfter);
        }
    }

    public Duration pauseRemaining(UpstreamBudget budget) {
        Duration remaining =
                Duration.between(clock.instant(), pausedUntil.get(budget).get());
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    private void waitOutPause(UpstreamBudget budget) throws InterruptedException {
        Duration remaining;
        while (!(remaining = pauseRemaining(budget)).isZero()) {
            sleeper.sleep(remaining);
        }
    }

    /** Waiting, injectable so that tests count instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = duration -> Thread.sleep(Math.max(1, duration.toMillis()));
    }
}
