package dev.replicategateway.ratelimit;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spends Replicate's budgets. Each budget is a greedy token bucket of its per-minute limit; a 429
 * pauses the whole budget until its Retry-After has passed (at most {@code maxPause}), so every caller
 * waits, not only the one that was throttled. Buckets and pauses live in a {@link BudgetStore}: in
 * memory for one instance, in PostgreSQL when several share the account. Waiting uses Bucket4j's own
 * blocking API with the injected {@link Sleeper}, so tests count waits instead of sleeping.
 */
public class UpstreamRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRateLimiter.class);

    private final Map<UpstreamBudget, Bucket> buckets = new EnumMap<>(UpstreamBudget.class);
    private final UpstreamLimitProperties limits;
    private final BudgetStore store;
    private final Clock clock;
    private final Sleeper sleeper;
    private final BlockingStrategy blocking;
    private final MeterRegistry meters;

    public UpstreamRateLimiter(
            UpstreamLimitProperties limits, Clock clock, BudgetStore store, Sleeper sleeper, MeterRegistry meters) {
        this.limits = limits;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
        this.blocking = nanos -> sleeper.sleep(Duration.ofNanos(nanos));
        this.meters = meters;
        for (UpstreamBudget budget : UpstreamBudget.values()) {
            buckets.put(budget, store.perMinute("upstream:" + budget.name(), limits.perMinute(budget)));
        }
    }

    /**
     * Takes one call from the budget, waiting for any 429 pause to pass and for a token, but no longer
     * than {@code maxWait} in all; false (nothing taken) when that is not enough.
     */
    public boolean acquire(UpstreamBudget budget, Duration maxWait) throws InterruptedException {
        Instant until = clock.instant().plus(maxWait);
        Duration paused = pauseRemaining(budget);
        while (!paused.isZero()) {
            if (clock.instant().plus(paused).isAfter(until)) {
                return false;
            }
            sleeper.sleep(paused);
            paused = pauseRemaining(budget);
        }
        Bucket bucket = buckets.get(budget);
        if (bucket.tryConsume(1)) {
            return true;
        }
        meters.counter("replicate.ratelimit.waits", "budget", tag(budget)).increment();
        Duration left = Duration.between(clock.instant(), until);
        return left.toNanos() > 0 && bucket.asBlocking().tryConsume(1, left, blocking);
    }

    /** Takes one call, waiting at most the configured {@code maxWait}. */
    public boolean acquire(UpstreamBudget budget) throws InterruptedException {
        return acquire(budget, limits.maxWait());
    }

    /** Calls the budget could make right now (0 while paused). */
    public long available(UpstreamBudget budget) {
        return pauseRemaining(budget).isZero() ? buckets.get(budget).getAvailableTokens() : 0;
    }

    /** Replicate said 429: nobody spends this budget until {@code retryAfter} (at most {@code maxPause}) has passed. */
    public void pause(UpstreamBudget budget, Duration retryAfter) {
        Duration wait = retryAfter;
        if (wait == null || wait.isNegative() || wait.compareTo(limits.maxPause()) > 0) {
            log.warn(
                    "Replicate asked to pause the {} budget for {}; pausing for the maximum of {} instead",
                    budget,
                    wait == null ? "an unreadable time" : wait,
                    limits.maxPause());
            wait = limits.maxPause();
        }
        Instant until = clock.instant().plus(wait);
        Instant previous = store.pausedUntil(budget);
        store.pauseUntil(budget, until);
        meters.counter("replicate.ratelimit.throttled", "budget", tag(budget)).increment();
        if (until.isAfter(previous)) {
            log.warn("Replicate throttled us: {} budget paused for {}", budget, wait);
        }
    }

    public Duration pauseRemaining(UpstreamBudget budget) {
        Duration remaining = Duration.between(clock.instant(), store.pausedUntil(budget));
        return remaining.isNegative() ? Duration.ZERO : remaining;
    }

    private static String tag(UpstreamBudget budget) {
        return budget.name().toLowerCase(Locale.ROOT);
    }

    /** Waiting, injectable so that tests count instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = duration -> Thread.sleep(Math.max(1, duration.toMillis()));
    }
}
