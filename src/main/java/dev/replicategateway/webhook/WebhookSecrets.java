package dev.replicategateway.webhook;

import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The signing secret: {@code REPLICATE_WEBHOOK_SECRET} when set, else Replicate's default secret,
 * fetched once and cached. After a failed verification it is fetched again (at most once per
 * {@code secret-refetch-interval}) in case it was rotated. Fetches are single-flight (concurrent
 * deliveries wait for one fetch) and a failed fetch is remembered for a while, so a burst of forged or
 * early requests costs at most one call to Replicate.
 */
@Component
class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
    /** After a failed fetch, how long requests are refused without asking Replicate again. */
    static final Duration FAILED_FETCH_MEMORY = Duration.ofSeconds(10);

    private final WebhookProperties properties;
    private final ReplicateService replicate;
    private final Clock clock;
    private volatile String fetched;
    private volatile Instant fetchedAt = Instant.EPOCH;
    private volatile Instant failedAt = Instant.EPOCH;
    private volatile ReplicateException lastFailure;

    WebhookSecrets(WebhookProperties properties, ReplicateService replicate, Clock clock) {
        this.properties = properties;
        this.replicate = replicate;
        this.clock = clock;
    }

    String current() {
        if (properties.hasConfiguredSecret()) {
            return properties.secret();
        }
        String secret = fetched;
        return secret != null ? secret : fetch(null);
    }

    /** A newer secret than the one that just failed, if one may be fetched now and differs. */
    Optional<String> refreshed() {
        if (properties.hasConfiguredSecret() || !mayRefetch()) {
            return Optional.empty();
        }
        String before = fetched;
        String after = fetch(before);
        return after.equals(before) ? Optional.empty() : Optional.of(after);
    }

    private boolean mayRefetch() {
        return !clock.instant().isBefore(fetchedAt.plus(properties.secretRefetchInterval()));
    }

    /**
     * Fetches the secret unless another thread did so while this one waited for the lock.
     *
     * @param stale the secret the caller already holds (null: none), which a waiting thread must not fetch again
     */
    private synchronized String fetch(String stale) {
        String secret = fetched;
        if (secret != null && (stale == null || !secret.equals(stale) || !mayRefetch())) {
            return secret;
        }
        if (lastFailure != null && clock.instant().isBefore(failedAt.plus(FAILED_FETCH_MEMORY))) {
            throw lastFailure;
        }
        try {
            secret = replicate.getDefaultWebhookSecret().key();
        } catch (ReplicateException e) {
            lastFailure = e;
            failedAt = clock.instant();
            throw e;
        }
        lastFailure = null;
        fetched = secret;
        fetchedAt = clock.instant();
        log.info("Fetched the webhook signing secret from Replicate");
        return secret;
    }
}
