package dev.replicategateway.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Budgets of a single instance, in memory. */
public class LocalBudgetStore implements BudgetStore {

    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<UpstreamBudget, Instant> pauses = new ConcurrentHashMap<>();

    public LocalBudgetStore(TimeMeter timeMeter) {
        this.timeMeter = timeMeter;
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration) {
        return buckets.computeIfAbsent(name, n -> {
            var builder = Bucket.builder().withCustomTimePrecision(timeMeter);
            for (var bandwidth : configuration.getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }

    @Override
    public Instant pausedUntil(UpstreamBudget budget) {
        return pauses.getOrDefault(budget, Instant.EPOCH);
    }

    @Override
    public void pauseUntil(UpstreamBudget budget, Instant until) {
        pauses.merge(budget, until, (a, b) -> a.isAfter(b) ? a : b);
    }
}
