package dev.replicategateway.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spends Replicate's budgets. Each budget is a greedy token bucket of its per-minute limit; a 429
 * pauses the whole budget until its Retry-After has passed, so every caller waits, not only the one
 * that was throttled. Buckets and pauses live in a {@link BudgetStore}: in memory for one instance,
 * in PostgreSQL when several share the account.
 */
public class UpstreamRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRateLimiter.class);

    private final Map<UpstreamBudget, Bucket> buckets = new EnumMap<>(UpstreamBudget.class);
    private final BudgetStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final MeterRegistry meters;

    public UpstreamRateLimiter(UpstreamLimitProperties limits, Clock clock, TimeMeter timeMeter, Sleeper sleeper) {
        this(limits, clock, new LocalBudgetStore(timeMeter), sleeper, new SimpleMeterRegistry());
    }

    public UpstreamRateLimiter(
            UpstreamLimitProperties limits, Clock clock, BudgetStore store, Sleeper sleeper, MeterRegistry meters) {
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.meters = meters;
        for (UpstreamBudget budget : UpstreamBudget.values()) {
            buckets.put(budget, store.perMinute("upstream:" + budget.name(), limits.perMinute(budget)));
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
        Instant previous = store.pausedUntil(budget);
        store.pauseUntil(budget, until);
        meters.counter("replicate.ratelimit.throttled", "budget", budget.name().toLowerCase())
                .increment();
        if (until.isAfter(previous)) {
            log.warn("Replicate throttled us: {} budget paused for {}", budget, retryAfter);
        }
    }

    public Duration pauseRemaining(UpstreamBudget budget) {
        Duration remaining = Duration.between(clock.instant(), store.pausedUntil(budget));
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
