package dev.replicategateway.quota;

import dev.replicategateway.support.PostgresSchema;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The race on PostgreSQL (the PostgreSQL suite), in a schema of its own. */
@Tag("postgres")
class QuotaRaceOnPostgresTests extends QuotaRaceContract {

    static final String SCHEMA = PostgresSchema.fresh("gw_quota_");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresSchema.use(registry, SCHEMA);
    }
}
