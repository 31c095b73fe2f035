package dev.replicategateway.prediction;

import dev.replicategateway.support.PostgresSchema;
import org.junit.jupiter.api.Tag;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Accepts committed together on PostgreSQL (the PostgreSQL suite), where a failed statement ends the transaction. */
@Tag("postgres")
class PostgresGroupCommitTests extends GroupCommitContract {

    static final String SCHEMA = PostgresSchema.fresh("gw_commit_");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresSchema.use(registry, SCHEMA);
    }
}
