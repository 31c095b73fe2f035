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
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
        return bucket(name + ":" + perMinute, configuration);
    }

    Instant pausedUntil(UpstreamBudget budget);

    /** Extends the pause of {@code budget} to {@code until} (never shortens it). */
    void pauseUntil(UpstreamBudget budget, Instant until);
}
