package dev.replicategateway.prediction;

import dev.replicategateway.support.PostgresSchema;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The store contract on PostgreSQL (the PostgreSQL suite: {@code ./mvnw verify -Ppostgres}), in a
 * schema of its own so runs never see each other's rows.
 */
@Tag("postgres")
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class PostgresPredictionStoreTests extends PredictionStoreContract {

    static final String SCHEMA = PostgresSchema.fresh("gw_test_");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresSchema.use(registry, SCHEMA);
    }

    @Override
    boolean skipsEachLockedRow() {
        return true;
    }
}
