package dev.replicategateway.prediction;

import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.test.context.ActiveProfiles;

/** The store contract on the embedded default: H2 in PostgreSQL mode, as the run command uses it. */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
class H2PredictionStoreTests extends PredictionStoreContract {

    @Override
    boolean skipsEachLockedRow() {
        return false;
    }
}
