package dev.replicategateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreDurabilityTests {

    @TempDir
    Path directory;

    @Test
    void anyH2FileUrlIsMadeToWriteEachCommitBeforeItReturns() {
        assertThat(EmbeddedStoreDurability.durable("jdbc:h2:file:/var/lib/gw/db"))
                .isEqualTo(
                        "jdbc:h2:file:/var/lib/gw/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                                + ";QUERY_CACHE_SIZE=64;WRITE_DELAY=0");
        String complete = "jdbc:h2:./data/gw;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";QUERY_CACHE_SIZE=16";
        assertThat(EmbeddedStoreDurability.durable(complete)).isEqualTo(complete + ";WRITE_DELAY=0");
        assertThat(EmbeddedStoreDurability.durable(complete + ";write_delay=0")).isEqualTo(complete + ";write_delay=0");
    }

    @Test
    void otherStoresAreLeftAlone() {
        assertThat(EmbeddedStoreDurability.durable("jdbc:h2:mem:test")).isEqualTo("jdbc:h2:mem:test");
        assertThat(EmbeddedStoreDurability.durable("jdbc:postgresql://db/gw")).isEqualTo("jdbc:postgresql://db/gw");
        assertThat(EmbeddedStoreDurability.durable(null)).isNull();
    }

    @Test
    void aUrlThatDelaysWritesIsRefused() {
        assertThatThrownBy(() -> EmbeddedStoreDurability.durable("jdbc:h2:file:./x;WRITE_DELAY=500"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WRITE_DELAY=500");
    }

    @Test
    void theLiveSettingIsReadBackFromTheDatabase() throws Exception {
        String url = "jdbc:h2:file:" + directory.resolve("db");
        try (Connection delayed = DriverManager.getConnection(url)) {
            assertThat(EmbeddedStoreDurabilityCheck.writeDelay(delayed)).isEqualTo(500);
        }
        try (Connection durable = DriverManager.getConnection(EmbeddedStoreDurability.durable(url))) {
            assertThat(EmbeddedStoreDurabilityCheck.writeDelay(durable)).isZero();
            var cache = durable.createStatement()
                    .executeQuery(
                            "select setting_value from information_schema.settings where setting_name = 'QUERY_CACHE_SIZE'");
            assertThat(cache.next()).isTrue();
            assertThat(cache.getString(1)).isEqualTo("64");
        }
    }
}
