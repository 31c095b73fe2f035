package dev.replicategateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicategateway.support.PostgresSchema;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Two instances' limiters on one PostgreSQL spend one budget and see one another's 429 pauses. */
@Tag("postgres")
class SharedBudgetsOnPostgresTests {

    private final String schema = "gw_budget_" + UUID.randomUUID().toString().substring(0, 8);
    private final AtomicInteger connections = new AtomicInteger();
    private DriverManagerDataSource dataSource;

    @BeforeEach
    void migrate() {
        dataSource =
                new DriverManagerDataSource(
                        PostgresSchema.url() + "?currentSchema=" + schema, PostgresSchema.user(), "") {
                    @Override
                    protected Connection getConnectionFromDriver(String username, String password) throws SQLException {
                        connections.incrementAndGet();
                        return super.getConnectionFromDriver(username, password);
                    }
                };
        Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();
    }

    @AfterEach
    void drop() {
        JdbcClient.create(dataSource).sql("drop schema " + schema + " cascade").update();
    }

    @Test
    void twoInstancesTogetherNeverExceedTheBudget() throws InterruptedException {
        UpstreamRateLimiter a = limiter();
        UpstreamRateLimiter b = limiter();
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += a.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ZERO) ? 1 : 0;
            granted += b.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ZERO) ? 1 : 0;
        }
        assertThat(granted).isEqualTo(5);
        assertThat(a.available(UpstreamBudget.PREDICTION_CREATES)).isZero();
        assertThat(b.available(UpstreamBudget.EVERYTHING_ELSE)).isEqualTo(50);
    }

    @Test
    void aPauseSeenByOneInstanceStopsTheOther() throws InterruptedException {
        UpstreamRateLimiter a = limiter();
        UpstreamRateLimiter b = limiter();
        a.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(30));
        assertThat(b.pauseRemaining(UpstreamBudget.PREDICTION_CREATES)).isGreaterThan(Duration.ofSeconds(25));
        assertThat(b.acquire(UpstreamBudget.PREDICTION_CREATES, Duration.ZERO)).isFalse();
        assertThat(b.acquire(UpstreamBudget.EVERYTHING_ELSE, Duration.ZERO)).isTrue();
        b.pause(UpstreamBudget.PREDICTION_CREATES, Duration.ofSeconds(5));
        assertThat(new PostgresBudgetStore(dataSource, JdbcClient.create(dataSource), Clock.systemUTC())
                        .pausedUntil(UpstreamBudget.PREDICTION_CREATES))
                .as("a shorter pause never shortens a longer one")
                .isAfter(Instant.now().plusSeconds(25));
    }

    @Test
    void withoutSlackTwoInstancesAdmitExactlyTheLimitBetweenThemAndAskTheStoreEachTime() {
        Turns turns = twoInstancesInTurn(0);
        assertThat(turns.granted()).isEqualTo(20);
        assertThat(turns.connections()).isGreaterThanOrEqualTo(60);
    }

    @Test
    void withSlackTwoInstancesAskTheStoreLessAndAdmitAtMostTheSlackEachBeyondTheLimit() {
        Turns turns = twoInstancesInTurn(5);
        assertThat(turns.granted()).isBetween(20, 20 + 2 * 5);
        assertThat(turns.connections()).isLessThan(30);
    }

    private record Turns(int granted, int connections) {}

    /** Two instances take one request at a time, in turn, 30 each, from one caller's bucket of 20 a minute. */
    private Turns twoInstancesInTurn(int slack) {
        Bucket a = store().perMinute("caller:shared", 20, slack);
        Bucket b = store().perMinute("caller:shared", 20, slack);
        int before = connections.get();
        int granted = 0;
        for (int i = 0; i < 30; i++) {
            granted += a.tryConsume(1) ? 1 : 0;
            granted += b.tryConsume(1) ? 1 : 0;
        }
        return new Turns(granted, connections.get() - before);
    }

    private PostgresBudgetStore store() {
        return new PostgresBudgetStore(dataSource, JdbcClient.create(dataSource), Clock.systemUTC());
    }

    private UpstreamRateLimiter limiter() {
        var store = new PostgresBudgetStore(dataSource, JdbcClient.create(dataSource), Clock.systemUTC());
        return new UpstreamRateLimiter(
                new UpstreamLimitProperties(5, 50, Duration.ofMinutes(2), Duration.ofSeconds(30)),
                Clock.systemUTC(),
                store,
                UpstreamRateLimiter.Sleeper.THREAD,
                new SimpleMeterRegistry());
    }
}
