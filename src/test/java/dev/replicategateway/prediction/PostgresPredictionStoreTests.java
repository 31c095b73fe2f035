package dev.replicategateway.prediction;

import java.util.UUID;
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

    static final String SCHEMA = "gw_test_" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add(
                "spring.datasource.url",
                () -> System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test") + "?currentSchema="
                        + SCHEMA);
        registry.add("spring.datasource.username", () -> System.getProperty("postgres.user", "postgres"));
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @Override
    boolean skipsEachLockedRow() {
        return true;
    }
}
