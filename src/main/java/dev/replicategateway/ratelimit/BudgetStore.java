package dev.replicategateway.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.time.Instant;

/**
 * Where token buckets and 429 pauses live: in this process (one instance), or in PostgreSQL so that
 * every instance spends the same budget and sees the same pause.
 */
public interface BudgetStore {

    /** The bucket named {@code name}, created with {@code configuration} when it does not exist yet. */
    Bucket bucket(String name, BucketConfiguration configuration);

    /**
     * A bucket of {@code perMinute} tokens refilled evenly over each minute, named {@code name:perMinute}
     * so that a changed limit starts a fresh bucket instead of inheriting the old configuration.
     */
    default Bucket perMinute(String name, int perMinute) {
        return perMinute(name, perMinute, 0);
    }

    /**
     * {@link #perMinute(String, int)}, of which an instance may take up to {@code ahead} tokens from its
     * own copy before counting them in a shared store: fewer round trips, but between two counts the
     * instances together may admit up to {@code ahead} each beyond the limit. In one process it is exact.
     */
    default Bucket perMinute(String name, int perMinute, int ahead) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
        return bucket(name + ":" + perMinute, configuration, ahead);
    }

    /** {@link #bucket(String, BucketConfiguration)}, taking up to {@code ahead} tokens before counting them. */
    default Bucket bucket(String name, BucketConfiguration configuration, int ahead) {
        return bucket(name, configuration);
    }

    Instant pausedUntil(UpstreamBudget budget);

    /** Extends the pause of {@code budget} to {@code until} (never shortens it). */
    void pauseUntil(UpstreamBudget budget, Instant until);
}
