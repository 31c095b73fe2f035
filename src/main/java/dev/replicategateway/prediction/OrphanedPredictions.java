package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Upstream work we created but could not attach to its row, kept until Replicate has canceled it. */
@Repository
class OrphanedPredictions {

    record Orphan(String replicateId, WorkKind kind, String predictionId, int attempts) {}

    /** Ordered by the due index's columns: otherwise H2 reads every due row to sort them. */
    static final String DUE =
            """
            select replicate_id, kind, prediction_id, attempts from orphaned_predictions
            where canceled_at is null and next_attempt_at <= :now
            order by canceled_at, next_attempt_at
            limit :limit""";

    private final JdbcClient jdbc;

    OrphanedPredictions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when it was recorded before (by this or another instance). */
    boolean record(WorkKind kind, String replicateId, String predictionId, String reason, Instant now) {
        try {
            jdbc.sql(
                            """
                    insert into orphaned_predictions (replicate_id, kind, prediction_id, reason, found_at, next_attempt_at)
                    values (:rid, :kind, :pid, :reason, :now, :now)""")
                    .param("rid", replicateId)
                    .param("kind", kind.column())
                    .param("pid", predictionId)
                    .param("reason", reason.length() > 500 ? reason.substring(0, 500) : reason)
                    .param("now", ts(now))
                    .update();
            return true;
        } catch (DuplicateKeyException known) {
            return false;
        }
    }

    List<Orphan> due(Instant now, int limit) {
        return jdbc.sql(DUE)
                .param("now", ts(now))
                .param("limit", limit)
                .query((rs, n) -> new Orphan(
                        rs.getString("replicate_id"),
                        WorkKind.ofColumn(rs.getString("kind")),
                        rs.getString("prediction_id"),
                        rs.getInt("attempts")))
                .list();
    }

    void canceled(String replicateId, Instant now) {
        jdbc.sql(
                        "update orphaned_predictions set canceled_at = :now, attempts = attempts + 1 where replicate_id = :rid")
                .param("now", ts(now))
                .param("rid", replicateId)
                .update();
    }

    void retryAt(String replicateId, Instant next) {
        jdbc.sql(
                        "update orphaned_predictions set attempts = attempts + 1, next_attempt_at = :next where replicate_id = :rid")
                .param("next", ts(next))
                .param("rid", replicateId)
                .update();
    }

    long countPending() {
        return jdbc.sql("select count(*) from orphaned_predictions where canceled_at is null")
                .query(Long.class)
                .single();
    }
}
