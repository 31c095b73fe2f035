package dev.replicategateway.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Budgets shared by all instances through PostgreSQL: Bucket4j's buckets (rows locked with advisory
 * locks while a token is taken) and a table of pauses. A pause is read at most every 250 ms per
 * instance, so a 429 seen anywhere stops everyone within a quarter of a second.
 */
class PostgresBudgetStore implements BudgetStore {

    private static final Duration PAUSE_CACHE = Duration.ofMillis(250);

    /** How long tokens taken ahead stay uncounted at most, however few. */
    private static final Duration COUNT_AT_LEAST_EVERY = Duration.ofMillis(250);

    private record CachedPause(Instant until, Instant readAt) {}

    private final ProxyManager<Long> buckets;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Map<UpstreamBudget, CachedPause> cache = new ConcurrentHashMap<>();

    public PostgresBudgetStore(DataSource dataSource, JdbcClient jdbc, Clock clock) {
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("bucket4j_buckets")
                .idColumn("id")
                .stateColumn("state")
                .build();
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration) {
        return bucket(name, configuration, 0);
    }

    @Override
    public Bucket bucket(String name, BucketConfiguration configuration, int ahead) {
        long id = idOf(name);
        // Make sure the row exists first: a batched first touch by several requests at once fails with
        // "bucket does not exist" (Bucket4j 8.18) instead of creating it.
        buckets.builder().build(id, () -> configuration).getAvailableTokens();
        // Batching folds requests that arrive together on one bucket into one round trip, still exact;
        // delaying counts up to `ahead` tokens locally first (a fresh optimisation per bucket, as Bucket4j
        // requires).
        Optimization optimization = ahead > 0
                ? Optimizations.delaying(new DelayParameters(ahead, COUNT_AT_LEAST_EVERY))
                : Optimizations.batching();
        return buckets.builder().withOptimization(optimization).build(id, () -> configuration);
    }

    @Override
    public Instant pausedUntil(UpstreamBudget budget) {
        Instant now = clock.instant();
        CachedPause cached = cache.get(budget);
        if (cached != null && now.isBefore(cached.readAt().plus(PAUSE_CACHE))) {
            return cached.until();
        }
        Instant until = jdbc.sql("select paused_until from upstream_pauses where budget = :budget")
                .param("budget", budget.name())
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional()
                .orElse(Instant.EPOCH);
        cache.put(budget, new CachedPause(until, now));
        return until;
    }

    @Override
    public void pauseUntil(UpstreamBudget budget, Instant until) {
        var value = until.atOffset(ZoneOffset.UTC);
        int updated = jdbc.sql(
                        "update upstream_pauses set paused_until = :until where budget = :budget and paused_until < :until")
                .param("until", value)
                .param("budget", budget.name())
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into upstream_pauses (budget, paused_until) select :budget, :until "
                                + "where not exists (select 1 from upstream_pauses where budget = :budget)")
                        .param("budget", budget.name())
                        .param("until", value)
                        .update();
            } catch (DuplicateKeyException raced) {
                // Another instance inserted the row first: extend it instead.
                pauseUntil(budget, until);
            }
        }
        cache.remove(budget);
    }

    /** A stable 64-bit id per bucket name. */
    static long idOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
