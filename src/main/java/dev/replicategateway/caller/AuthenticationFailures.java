package dev.replicategateway.caller;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Wrong keys and tokens, counted per client address: past {@code failed-attempts-per-minute}, the
 * address is refused without its credential being looked at until the minute has refilled, so keys
 * cannot be guessed at speed. Kept in this instance (a guesser spread over instances is slowed by each).
 */
@Component
class AuthenticationFailures {

    /** Addresses remembered at most; the least recently seen are forgotten first. */
    private static final int ADDRESSES = 10_000;

    private final int perMinute;
    private final Map<String, Bucket> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > ADDRESSES;
        }
    };

    AuthenticationFailures(CallerProperties properties) {
        this.perMinute = properties.failedAttemptsPerMinute();
    }

    /** Whether {@code address} has used up its failed attempts for now. */
    synchronized boolean isBlocked(String address) {
        Bucket bucket = byAddress.get(address);
        return bucket != null && bucket.getAvailableTokens() <= 0;
    }

    /** Counts a failed attempt; returns how many more this minute allows. */
    synchronized long failed(String address) {
        Bucket bucket = byAddress.computeIfAbsent(address, a -> Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(perMinute)
                        .refillGreedy(perMinute, Duration.ofMinutes(1))
                        .build())
                .build());
        bucket.tryConsume(1);
        return bucket.getAvailableTokens();
    }

    /** Seconds until {@code address} may try again. */
    synchronized long retryAfterSeconds(String address) {
        Bucket bucket = byAddress.get(address);
        if (bucket == null) {
            return 0;
        }
        return Math.max(
                1,
                Duration.ofNanos(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill())
                                .toSeconds()
                        + 1);
    }
}
