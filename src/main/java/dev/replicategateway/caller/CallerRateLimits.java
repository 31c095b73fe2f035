package dev.replicategateway.caller;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Each caller's requests-per-minute bucket (Bucket4j, greedy refill). */
@Component
class CallerRateLimits {

    private final CallerProperties properties;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    CallerRateLimits(CallerProperties properties) {
        this.properties = properties;
    }

    ConsumptionProbe tryConsume(String caller) {
        return buckets.computeIfAbsent(caller, this::newBucket).tryConsumeAndReturnRemaining(1);
    }

    int limitOf(String caller) {
        return properties.quotaOf(caller).requestsPerMinute();
    }

    private Bucket newBucket(String caller) {
        int perMinute = limitOf(caller);
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
