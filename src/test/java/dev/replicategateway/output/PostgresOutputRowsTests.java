package dev.replicategateway.output;

import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The output claims on PostgreSQL (the PostgreSQL suite), in a schema of its own. */
@Tag("postgres")
class PostgresOutputRowsTests extends OutputRowsContract {

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
}
