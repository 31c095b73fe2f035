package dev.replicategateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when told to: one source for the limiter's bucket ({@link TimeMeter}), its pause
 * ({@link #clock()}) and its waits ({@link UpstreamRateLimiter.Sleeper}, which records the wait and
 * advances the time instead of sleeping).
 */
public final class ManualTime implements TimeMeter, UpstreamRateLimiter.Sleeper {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final AtomicLong elapsedNanos = new AtomicLong();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public void advance(Duration duration) {
        elapsedNanos.addAndGet(duration.toNanos());
    }

    /** Every wait the limiter asked for, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    public Duration slept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    public Clock clock() {
        return new ManualClock(ZoneOffset.UTC);
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    @Override
    public long currentTimeNanos() {
        return elapsedNanos.get();
    }

    @Override
    public boolean isWallClockBased() {
        return false;
    }

    private final class ManualClock extends Clock {

        private final ZoneId zone;

        ManualClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new ManualClock(zone);
        }

        @Override
        public Instant instant() {
            return START.plusNanos(elapsedNanos.get());
        }
    }
}
