package dev.replicategateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A schema of its own on the PostgreSQL suite's server ({@code -Dpostgres.url}, {@code -Dpostgres.user};
 * by default 127.0.0.1, user postgres, database test), so runs never see each other's rows. Each is
 * dropped when the test JVM exits, so they do not pile up on a machine that runs the suite every day.
 */
public final class PostgresSchema {

    private static final List<String> TO_DROP = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PostgresSchema::dropAll, "drop-test-schemas"));
    }

    private PostgresSchema() {}

    /** A new schema name: {@code prefix} and eight random characters; dropped when the JVM exits. */
    public static String fresh(String prefix) {
        String schema = prefix + UUID.randomUUID().toString().substring(0, 8);
        TO_DROP.add(schema);
        return schema;
    }

    /** The suite's server, without a schema. */
    public static String url() {
        return System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static String user() {
        return System.getProperty("postgres.user", "postgres");
    }

    /** Points the test context's data source and Flyway at {@code schema}. */
    public static void use(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> url() + "?currentSchema=" + schema);
        registry.add("spring.datasource.username", PostgresSchema::user);
        registry.add("spring.flyway.schemas", () -> schema);
    }

    private static void dropAll() {
        if (TO_DROP.isEmpty()) {
            return;
        }
        // Spring's contexts close in hooks of their own meanwhile: a lock one still holds must not hang the exit.
        try (Connection connection = DriverManager.getConnection(url(), user(), null);
                Statement statement = connection.createStatement()) {
            statement.execute("set lock_timeout = '2s'");
            for (String schema : TO_DROP) {
                try {
                    statement.execute("drop schema if exists " + schema + " cascade");
                } catch (SQLException e) {
                    System.err.println("Could not drop the test schema " + schema + ": " + e.getMessage());
                }
            }
        } catch (SQLException e) {
            System.err.println("Could not drop the test schemas " + TO_DROP + ": " + e.getMessage());
        }
    }
}
