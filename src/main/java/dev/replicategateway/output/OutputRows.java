package dev.replicategateway.output;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OutputRows {

    private static final RowMapper<OutputRow> ROW = (rs, n) -> new OutputRow(
            rs.getString("prediction_id"),
            rs.getInt("idx"),
            rs.getString("source_url"),
            OutputRow.State.valueOf(rs.getString("state")),
            rs.getString("content_type"),
            rs.getObject("size_bytes", Long.class),
            rs.getString("sha256"),
            rs.getInt("attempts"),
            rs.getString("error"),
            Optional.ofNullable(rs.getObject("kept_at", OffsetDateTime.class))
                    .map(OffsetDateTime::toInstant)
                    .orElse(null),
            rs.getString("stored_as"));

    private final JdbcClient jdbc;

    OutputRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertPending(String predictionId, int index, String sourceUrl, Instant now) {
        jdbc.sql(
                        """
                insert into prediction_outputs (prediction_id, idx, source_url, state, next_attempt_at)
                values (:pid, :idx, :url, 'PENDING', :now)""")
                .param("pid", predictionId)
                .param("idx", index)
                .param("url", sourceUrl)
                .param("now", ts(now))
                .update();
    }

    /** A kept copy of another prediction's output, served as this one's. */
    void insertReused(String predictionId, OutputRow source, Instant now) {
        jdbc.sql(
                        """
                insert into prediction_outputs (prediction_id, idx, source_url, state, content_type, size_bytes, sha256,
                                                next_attempt_at, kept_at, stored_as)
                values (:pid, :idx, :url, 'KEPT', :type, :size, :sha, :now, :now, :storedAs)""")
                .param("pid", predictionId)
                .param("idx", source.index())
                .param("url", source.sourceUrl())
                .param("type", source.contentType())
                .param("size", source.size())
                .param("sha", source.sha256())
                .param("now", ts(now))
                .param("storedAs", source.storedName())
                .update();
    }

    List<OutputRow> of(String predictionId) {
        return jdbc.sql("select * from prediction_outputs where prediction_id = :pid order by idx")
                .param("pid", predictionId)
                .query(ROW)
                .list();
    }

    /** The rows of several predictions, in prediction and index order. */
    List<OutputRow> of(List<String> predictionIds) {
        if (predictionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from prediction_outputs where prediction_id in (:pids) order by prediction_id, idx")
                .param("pids", predictionIds)
                .query(ROW)
                .list();
    }

    Optional<OutputRow> find(String predictionId, int index) {
        return jdbc.sql("select * from prediction_outputs where prediction_id = :pid and idx = :idx")
                .param("pid", predictionId)
                .param("idx", index)
                .query(ROW)
                .optional();
    }

    static final String DUE =
            """
            select prediction_id, idx from prediction_outputs
            where state = 'PENDING' and next_attempt_at <= :now
            order by state, next_attempt_at
            limit :limit""";

    /**
     * Due pending rows, locked (SKIP LOCKED) and pushed back by {@code lease} so no other instance takes
     * them meanwhile.
     *
     * <p>In two steps for the reason {@code WorkLeases.lockDue} gives: H2 locks every matching row before
     * it applies a limit, so behind a backlog of due copies one claim would read all of them.
     */
    List<OutputRow> claimDue(Instant now, Duration lease, int limit) {
        List<Object[]> oldest = jdbc.sql(DUE)
                .param("now", ts(now))
                .param("limit", limit)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2)})
                .list();
        if (oldest.isEmpty()) {
            return List.of();
        }
        List<OutputRow> due = jdbc.sql(
                        """
                select * from prediction_outputs
                where (prediction_id, idx) in (:keys) and state = 'PENDING' and next_attempt_at <= :now
                order by next_attempt_at for update skip locked""")
                .param("keys", oldest)
                .param("now", ts(now))
                .query(ROW)
                .list();
        for (OutputRow row : due) {
            jdbc.sql("update prediction_outputs set next_attempt_at = :until where prediction_id = :pid and idx = :idx")
                    .param("until", ts(now.plus(lease)))
                    .param("pid", row.predictionId())
                    .param("idx", row.index())
                    .update();
        }
        return due;
    }

    /**
     * Pushes the lease of a claimed row forward before its copy starts; false when the row has moved on
     * (kept, failed or tried by another instance meanwhile).
     */
    boolean extendLease(OutputRow row, Instant until) {
        return jdbc.sql(
                                """
                update prediction_outputs set next_attempt_at = :until
                where prediction_id = :pid and idx = :idx and state = 'PENDING' and attempts = :attempts""")
                        .param("until", ts(until))
                        .param("pid", row.predictionId())
                        .param("idx", row.index())
                        .param("attempts", row.attempts())
                        .update()
                == 1;
    }

    /* The updates below apply only to the row as it was claimed (still pending, same attempt count), so an
    instance whose lease ran out can never undo what another instance recorded since. */

    void kept(OutputRow row, String contentType, long size, String sha256, Instant now) {
        jdbc.sql(
                        """
                update prediction_outputs set state = 'KEPT', content_type = :type, size_bytes = :size, sha256 = :sha,
                                              attempts = attempts + 1, error = null, kept_at = :now
                where prediction_id = :pid and idx = :idx and state = 'PENDING' and attempts = :attempts""")
                .param("attempts", row.attempts())
                .param("type", contentType)
                .param("size", size)
                .param("sha", sha256)
                .param("now", ts(now))
                .param("pid", row.predictionId())
                .param("idx", row.index())
                .update();
    }

    void retryLater(OutputRow row, String error, Instant next) {
        jdbc.sql(
                        """
                update prediction_outputs set attempts = attempts + 1, error = :error, next_attempt_at = :next
                where prediction_id = :pid and idx = :idx and state = 'PENDING' and attempts = :attempts""")
                .param("attempts", row.attempts())
                .param("error", truncate(error))
                .param("next", ts(next))
                .param("pid", row.predictionId())
                .param("idx", row.index())
                .update();
    }

    void failed(OutputRow row, String error) {
        jdbc.sql(
                        """
                update prediction_outputs set state = 'FAILED', attempts = attempts + 1, error = :error
                where prediction_id = :pid and idx = :idx and state = 'PENDING' and attempts = :attempts""")
                .param("attempts", row.attempts())
                .param("error", truncate(error))
                .param("pid", row.predictionId())
                .param("idx", row.index())
                .update();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
