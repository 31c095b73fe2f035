package dev.replicategateway.support;

import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A schema of its own on the PostgreSQL suite's server ({@code -Dpostgres.url}, {@code -Dpostgres.user};
 * by default 127.0.0.1, user postgres, database test), so runs never see each other's rows.
 */
public final class PostgresSchema {

    private PostgresSchema() {}

    /** A new schema name: {@code prefix} and eight random characters. */
    public static String fresh(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Points the test context's data source and Flyway at {@code schema}. */
    public static void use(DynamicPropertyRegistry registry, String schema) {
        registry.add(
                "spring.datasource.url",
                () -> System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test") + "?currentSchema="
                        + schema);
        registry.add("spring.datasource.username", () -> System.getProperty("postgres.user", "postgres"));
        registry.add("spring.flyway.schemas", () -> schema);
    }
}
