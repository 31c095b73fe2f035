package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.instant;
import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The event log: every state change of a prediction, in order; the audit trail and the feed of live progress. */
@Repository
class PredictionEvents {

    static final RowMapper<PredictionEvent> ROW = (rs, n) -> new PredictionEvent(
            rs.getLong("id"),
            rs.getString("prediction_id"),
            PredictionStatus.valueOf(rs.getString("status")),
            rs.getObject("progress", Double.class),
            rs.getString("source"),
            rs.getString("detail"),
            instant(rs, "created_at"));

    private static final String INSERT =
            """
            insert into prediction_events (prediction_id, status, progress, source, detail, created_at)
            values (:pid, :status, :progress, :source, :detail, :at)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations batches;

    PredictionEvents(JdbcClient jdbc, NamedParameterJdbcOperations batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    void append(
            String predictionId, PredictionStatus status, Double progress, String source, String detail, Instant at) {
        jdbc.sql(INSERT)
                .paramSource(parameters(predictionId, status, progress, source, detail, at))
                .update();
    }

    /** The {@code queued} event of each of {@code accepted}, at its creation, in one JDBC batch. */
    void appendAccepted(List<Prediction> accepted) {
        if (accepted.size() == 1) {
            Prediction p = accepted.get(0);
            append(p.id(), PredictionStatus.QUEUED, null, "api", null, p.createdAt());
        } else if (!accepted.isEmpty()) {
            batches.batchUpdate(
                    INSERT,
                    accepted.stream()
                            .map(p -> parameters(p.id(), PredictionStatus.QUEUED, null, "api", null, p.createdAt()))
                            .toArray(SqlParameterSource[]::new));
        }
    }

    private static SqlParameterSource parameters(
            String predictionId, PredictionStatus status, Double progress, String source, String detail, Instant at) {
        return new MapSqlParameterSource()
                .addValue("pid", predictionId)
                .addValue("status", status.name())
                .addValue("progress", progress)
                .addValue("source", source)
                .addValue("detail", detail)
                .addValue("at", ts(at));
    }

    /** The events of all {@code predictionIds} after {@code afterId}, in order: one query for many streams. */
    List<PredictionEvent> after(Collection<String> predictionIds, long afterId) {
        if (predictionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        """
                select id, prediction_id, status, progress, source, detail, created_at from prediction_events
                where prediction_id in (:pids) and id > :after order by id""")
                .param("pids", predictionIds)
                .param("after", afterId)
                .query(ROW)
                .list();
    }

    List<PredictionEvent> after(String predictionId, long afterId) {
        return jdbc.sql(
                        """
                select id, prediction_id, status, progress, source, detail, created_at from prediction_events
                where prediction_id = :pid and id > :after order by id""")
                .param("pid", predictionId)
                .param("after", afterId)
                .query(ROW)
                .list();
    }
}
