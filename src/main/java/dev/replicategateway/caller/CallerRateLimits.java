package dev.replicategateway.caller;

import dev.replicategateway.ratelimit.BudgetStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Requests-per-minute buckets (Bucket4j, greedy refill) of each caller and of each caller's end users,
 * shared by all instances on PostgreSQL.
 */
@Component
class CallerRateLimits {

    /** A request's verdict: the probe of the bucket that decided, and that bucket's limit. */
    record Verdict(ConsumptionProbe probe, int limit) {}

    private final CallerProperties properties;
    private final BudgetStore store;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    CallerRateLimits(CallerProperties properties, BudgetStore store) {
        this.properties = properties;
        this.store = store;
    }

    /** Takes one request from the caller's bucket and, for an end user, from the user's too. */
    Verdict tryConsume(Caller caller) {
        int callerLimit = properties.quotaOf(caller.name()).requestsPerMinute();
        ConsumptionProbe probe = bucket("caller:" + caller.name(), callerLimit).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed() || caller.user() == null) {
            return new Verdict(probe, callerLimit);
        }
        int userLimit = properties.quotaOf(caller.name()).user().requestsPerMinute();
        String key = "user:" + caller.name() + ":" + caller.user();
        return new Verdict(bucket(key, userLimit).tryConsumeAndReturnRemaining(1), userLimit);
    }

    /** Through the shared store, so a minute is counted across every instance. */
    private Bucket bucket(String name, int perMinute) {
        return buckets.computeIfAbsent(
                name + ":" + perMinute, key -> store.perMinute(name, perMinute, properties.rateLimitSlack()));
    }
}
