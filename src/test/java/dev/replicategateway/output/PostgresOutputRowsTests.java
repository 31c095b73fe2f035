package dev.replicategateway.output;

import dev.replicategateway.support.PostgresSchema;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The output claims on PostgreSQL (the PostgreSQL suite), in a schema of its own. */
@Tag("postgres")
class PostgresOutputRowsTests extends OutputRowsContract {

    static final String SCHEMA = PostgresSchema.fresh("gw_test_");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresSchema.use(registry, SCHEMA);
    }
}
