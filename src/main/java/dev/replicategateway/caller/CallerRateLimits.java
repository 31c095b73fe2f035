package dev.replicategateway.caller;

import dev.replicategateway.ratelimit.BudgetStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Each caller's requests-per-minute bucket (Bucket4j, greedy refill), shared by all instances on PostgreSQL. */
@Component
class CallerRateLimits {

    private final CallerProperties properties;
    private final BudgetStore store;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    CallerRateLimits(CallerProperties properties, BudgetStore store) {
        this.properties = properties;
        this.store = store;
    }

    ConsumptionProbe tryConsume(String caller) {
        return buckets.computeIfAbsent(caller, this::newBucket).tryConsumeAndReturnRemaining(1);
    }

    int limitOf(String caller) {
        return properties.quotaOf(caller).requestsPerMinute();
    }

    /** Through the shared store, so one key's minute is counted across every instance. */
    private Bucket newBucket(String caller) {
        return store.perMinute("caller:" + caller, limitOf(caller));
    }
}
