package dev.replicategateway.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start on an H2 store on disk whose live {@code WRITE_DELAY} is not 0 (say, a data source
 * built by other means than {@code spring.datasource.url}): acknowledged work must survive a killed
 * process, and the check is cheap enough to make once rather than trust.
 */
@Component
class EmbeddedStoreDurabilityCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStoreDurabilityCheck.class);

    private final DataSource dataSource;

    EmbeddedStoreDurabilityCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            if (!EmbeddedStoreDurability.isOnDiskH2(url)) {
                return;
            }
            long delay = writeDelay(connection);
            if (delay != 0) {
                throw new IllegalStateException("The H2 store delays writes by " + delay
                        + " ms (WRITE_DELAY): a killed process would lose acknowledged work. Set WRITE_DELAY=0 "
                        + "in the H2 URL or use PostgreSQL.");
            }
            log.info("Embedded H2 store: every commit is written to its file before it is acknowledged");
        }
    }

    /** H2 lists the stored and the live value; the larger of them is the one to distrust. */
    static long writeDelay(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select max(cast(setting_value as bigint)) from information_schema.settings "
                                + "where upper(setting_name) = 'WRITE_DELAY'")) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }
}
