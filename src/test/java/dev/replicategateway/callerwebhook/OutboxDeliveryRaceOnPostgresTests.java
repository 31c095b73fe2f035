package dev.replicategateway.callerwebhook;

import dev.replicategateway.support.PostgresSchema;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The race on PostgreSQL (the PostgreSQL suite), in a schema of its own. */
@Tag("postgres")
class OutboxDeliveryRaceOnPostgresTests extends OutboxDeliveryRaceContract {

    static final String SCHEMA = PostgresSchema.fresh("gw_outbox_");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresSchema.use(registry, SCHEMA);
    }
}
