package dev.replicategateway.webhook;

import dev.replicategateway.replicate.ReplicateService;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The signing secret: {@code REPLICATE_WEBHOOK_SECRET} when set, else Replicate's default secret,
 * fetched once and cached, and fetched again after a failed verification (at most once a minute) in
 * case it was rotated.
 */
@Component
class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private final WebhookProperties properties;
    private final ReplicateService replicate;
    private final Clock clock;
    private volatile String fetched;
    private volatile Instant fetchedAt = Instant.EPOCH;

    WebhookSecrets(WebhookProperties properties, ReplicateService replicate, Clock clock) {
        this.properties = properties;
        this.replicate = replicate;
        this.clock = clock;
    }

    String current() {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            return properties.secret();
        }
        String secret = fetched;
        return secret != null ? secret : fetch();
    }

    /** A newer secret than the one that just failed, if one may be fetched now and differs. */
    Optional<String> refreshed() {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            return Optional.empty();
        }
        if (clock.instant().isBefore(fetchedAt.plus(properties.secretRefetchInterval()))) {
            return Optional.empty();
        }
        String before = fetched;
        String after = fetch();
        return after.equals(before) ? Optional.empty() : Optional.of(after);
    }

    private synchronized String fetch() {
        String secret = replicate.getDefaultWebhookSecret().key();
        fetched = secret;
        fetchedAt = clock.instant();
        log.info("Fetched the webhook signing secret from Replicate");
        return secret;
    }
}
