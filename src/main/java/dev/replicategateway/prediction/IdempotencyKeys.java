package dev.replicategateway.prediction;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys and the predictions they created; uniqueness is the table's primary key. */
@Repository
class IdempotencyKeys {

    record Entry(String requestHash, List<String> predictionIds) {}

    private final JdbcClient jdbc;

    IdempotencyKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws DuplicateKeyException when the key exists (or is being written) */
    void insert(String owner, String key, String requestHash, List<String> ids, Instant now) {
        jdbc.sql(
                        """
                insert into idempotency_keys (owner, idem_key, request_hash, prediction_ids, created_at)
                values (:owner, :key, :hash, :ids, :now)""")
                .param("owner", owner)
                .param("key", key)
                .param("hash", requestHash)
                .param("ids", String.join(",", ids))
                .param("now", StoredJson.ts(now))
                .update();
    }

    Optional<Entry> find(String owner, String key) {
        return jdbc.sql(
                        "select request_hash, prediction_ids from idempotency_keys where owner = :owner and idem_key = :key")
                .param("owner", owner)
                .param("key", key)
                .query((rs, n) -> new Entry(
                        rs.getString("request_hash"),
                        Arrays.asList(rs.getString("prediction_ids").split(","))))
                .optional();
    }
}
