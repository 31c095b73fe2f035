package dev.replicategateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RateLimitConfiguration.class);

    /**
     * On PostgreSQL the budgets are shared (several instances may run on one store); on the embedded
     * H2 store there is one instance, and they stay in memory.
     */
    @Bean
    BudgetStore budgetStore(DataSource dataSource, JdbcClient jdbc, Clock clock) throws SQLException {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        }
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            log.info("Rate-limit budgets and quotas are shared through PostgreSQL by every instance");
            return new PostgresBudgetStore(dataSource, jdbc, clock);
        }
        return new LocalBudgetStore(TimeMeter.SYSTEM_MILLISECONDS);
    }

    @Bean
    UpstreamRateLimiter upstreamRateLimiter(
            UpstreamLimitProperties limits, Clock clock, BudgetStore budgetStore, MeterRegistry meters) {
        return new UpstreamRateLimiter(limits, clock, budgetStore, UpstreamRateLimiter.Sleeper.THREAD, meters);
    }
}
