package dev.replicategateway.callerwebhook;

import dev.replicategateway.common.StandardWebhooks;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each caller's webhook signing secret: made on first use, stored once for every instance (the first
 * insert wins, every instance reads that one), kept in memory after. A caller reads its own through
 * {@code GET /v1/webhooks/default/secret}; no log or error ever carries one.
 */
@Service
public class CallerWebhookSecrets {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> known = new ConcurrentHashMap<>();

    CallerWebhookSecrets(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public String secretOf(String owner) {
        return known.computeIfAbsent(owner, this::storedOrNew);
    }

    private String storedOrNew(String owner) {
        jdbc.sql(
                        """
                insert into caller_webhook_secrets (owner, secret, created_at)
                values (:owner, :secret, :now) on conflict do nothing""")
                .param("owner", owner)
                .param("secret", StandardWebhooks.newSecret(random))
                .param("now", now().atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("select secret from caller_webhook_secrets where owner = :owner")
                .param("owner", owner)
                .query(String.class)
                .single();
    }

    /** Microseconds, as the store keeps them: a time written compares equal when read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
