package dev.replicategateway.prediction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The predictions table. Work is claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} plus a lease, and
 * every update that depends on a claim re-checks it, so instances sharing the table never do the same
 * work twice and a crashed instance's rows come back when its lease runs out.
 */
@Repository
public class PredictionRepository {

    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcClient jdbc;

    PredictionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Prediction p) {
        jdbc.sql(
                        """
                insert into predictions (id, owner, kind, status, model, input, next_attempt_at, deadline_at,
                                         created_at, updated_at)
                values (:id, :owner, :kind, :status, :model, :input, :next, :deadline, :created, :created)""")
                .param("id", p.id())
                .param("owner", p.owner())
                .param("kind", p.kind())
                .param("status", p.status().name())
                .param("model", p.model())
                .param("input", toJson(p.input()))
                .param("next", ts(p.nextAttemptAt()))
                .param("deadline", ts(p.deadlineAt()))
                .param("created", ts(p.createdAt()))
                .update();
    }

    public Optional<Prediction> findById(String id) {
        return jdbc.sql("select * from predictions where id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    public Optional<Prediction> findByReplicateId(String replicateId) {
        return jdbc.sql("select * from predictions where replicate_id = :rid")
                .param("rid", replicateId)
                .query(ROW)
                .optional();
    }

    List<Prediction> findAllById(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from predictions where id in (:ids)")
                .param("ids", ids)
                .query(ROW)
                .list();
    }

    /** Replicate ids already recorded, so reconciliation never adopts one prediction twice. */
    boolean isReplicateIdKnown(String replicateId) {
        return jdbc.sql("select count(*) from predictions where replicate_id = :rid")
                        .param("rid", replicateId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * A page of an owner's predictions, newest first, after the keyset {@code (beforeCreated, beforeId)}.
     */
    List<Prediction> list(
            String owner,
            String kind,
            PredictionStatus status,
            String model,
            Instant beforeCreated,
            String beforeId,
            int limit) {
        StringBuilder sql = new StringBuilder("select * from predictions where owner = :owner and kind = :kind");
        if (status != null) {
            sql.append(" and status = :status");
        }
        if (model != null) {
            sql.append(" and model = :model");
        }
        if (beforeCreated != null) {
            sql.append(" and (created_at < :bc or (created_at = :bc and id < :bid))");
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        var statement = jdbc.sql(sql.toString())
                .param("owner", owner)
                .param("kind", kind)
                .param("limit", limit);
        if (status != null) {
            statement = statement.param("status", status.name());
        }
        if (model != null) {
            statement = statement.param("model", model);
        }
        if (beforeCreated != null) {
            statement = statement.param("bc", ts(beforeCreated)).param("bid", beforeId);
        }
        return statement.query(ROW).list();
    }

    // ---- claiming ----------------------------------------------------------------------------------

    /** Ids of rows in {@code statuses} that are due and not leased; the rows stay locked until the transaction ends. */
    List<String> lockDue(Collection<String> statuses, String kind, Instant now, int limit) {
        return jdbc.sql(
                        """
                select id from predictions
                where status in (:statuses) and kind = :kind and next_attempt_at <= :now
                  and (claimed_until is null or claimed_until < :now)
                order by next_attempt_at
                limit :limit
                for update skip locked""")
                .param("statuses", statuses)
                .param("kind", kind)
                .param("now", ts(now))
                .param("limit", limit)
                .query(String.class)
                .list();
    }

    /** Takes the lease on {@code id} if nobody holds a live one; true when this instance now holds it. */
    boolean lease(String id, String instance, Instant now, Instant until) {
        return jdbc.sql(
                                """
                update predictions set claimed_by = :me, claimed_until = :until
                where id = :id and (claimed_until is null or claimed_until < :now or claimed_by = :me)""")
                        .param("me", instance)
                        .param("until", ts(until))
                        .param("id", id)
                        .param("now", ts(now))
                        .update()
                == 1;
    }

    /** Gives the lease back and says when to look at the row next. */
    void release(String id, String instance, Instant nextAttemptAt, Instant now) {
        jdbc.sql(
                        """
                update predictions set claimed_by = null, claimed_until = null, next_attempt_at = :next,
                                       updated_at = :now
                where id = :id and claimed_by = :me""")
                .param("next", ts(nextAttemptAt))
                .param("now", ts(now))
                .param("id", id)
                .param("me", instance)
                .update();
    }

    void releaseLease(String id, String instance) {
        jdbc.sql("update predictions set claimed_by = null, claimed_until = null where id = :id and claimed_by = :me")
                .param("id", id)
                .param("me", instance)
                .update();
    }

    // ---- submitter bookkeeping ---------------------------------------------------------------------

    /**
     * Written (and committed) before a create is sent: if the process dies mid-call, whoever takes the
     * row next knows the outcome is unknown and reconciles instead of creating again.
     */
    boolean markSending(String id, String instance, Instant now) {
        return jdbc.sql(
                                """
                update predictions set outcome_unknown = true, submit_sent_at = :now,
                                       submit_attempts = submit_attempts + 1, updated_at = :now
                where id = :id and claimed_by = :me and status = 'QUEUED'""")
                        .param("now", ts(now))
                        .param("id", id)
                        .param("me", instance)
                        .update()
                == 1;
    }

    /** The create certainly did not happen (429, refused connection): the row is plain queued again. */
    void markNotSent(String id, String instance, Instant nextAttemptAt, String error, Instant now) {
        jdbc.sql(
                        """
                update predictions set outcome_unknown = false, claimed_by = null, claimed_until = null,
                                       next_attempt_at = :next, error = :error, updated_at = :now
                where id = :id and claimed_by = :me""")
                .param("next", ts(nextAttemptAt))
                .param("error", error)
                .param("now", ts(now))
                .param("id", id)
                .param("me", instance)
                .update();
    }

    /** Records the Replicate id of a created prediction; from now on the poller and webhooks move it. */
    boolean recordSubmitted(
            String id, String replicateId, PredictionStatus status, Instant now, Instant nextAttemptAt) {
        return jdbc.sql(
                                """
                update predictions set replicate_id = :rid, status = :status, outcome_unknown = false,
                                       submitted_at = :now, next_attempt_at = :next, error = null,
                                       claimed_by = null, claimed_until = null, updated_at = :now
                where id = :id and status = 'QUEUED'""")
                        .param("rid", replicateId)
                        .param("status", status.name())
                        .param("now", ts(now))
                        .param("next", ts(nextAttemptAt))
                        .param("id", id)
                        .update()
                == 1;
    }

    // ---- state changes -----------------------------------------------------------------------------

    /**
     * Writes a new state if the row is still in {@code expected} (optimistic check): a concurrent writer
     * (webhook, another poller) wins and this update is dropped, to be re-read and re-applied.
     */
    boolean updateState(Prediction expected, Prediction next) {
        return jdbc.sql(
                                """
                update predictions set status = :status, progress = :progress, logs = :logs, output = :output,
                                       error = :error, metrics = :metrics, started_at = :started,
                                       completed_at = :completed, poll_count = :polls, predict_time = :predictTime,
                                       next_attempt_at = :next, updated_at = :updated
                where id = :id and status = :expectedStatus and updated_at = :expectedUpdated""")
                        .param("status", next.status().name())
                        .param("progress", next.progress())
                        .param("logs", next.logs())
                        .param(
                                "output",
                                next.output() == null ? null : next.output().toString())
                        .param("error", next.error())
                        .param("metrics", next.metrics() == null ? null : toJson(next.metrics()))
                        .param("started", ts(next.startedAt()))
                        .param("completed", ts(next.completedAt()))
                        .param("polls", next.pollCount())
                        .param("predictTime", predictTime(next.metrics()))
                        .param("next", ts(next.nextAttemptAt()))
                        .param("updated", ts(next.updatedAt()))
                        .param("id", expected.id())
                        .param("expectedStatus", expected.status().name())
                        .param("expectedUpdated", ts(expected.updatedAt()))
                        .update()
                == 1;
    }

    /** Ends a prediction that never reached Replicate (canceled while queued, deadline passed, rejected input). */
    boolean finishQueued(String id, PredictionStatus status, String error, Instant now) {
        return jdbc.sql(
                                """
                update predictions set status = :status, error = :error, completed_at = :now,
                                       outcome_unknown = false, claimed_by = null, claimed_until = null,
                                       updated_at = :now
                where id = :id and status = 'QUEUED'""")
                        .param("status", status.name())
                        .param("error", error)
                        .param("now", ts(now))
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Asks for a cancel; the submitter or poller carries it out. False when already final. */
    boolean requestCancel(String id, Instant now) {
        return jdbc.sql(
                                """
                update predictions set cancel_requested = true, next_attempt_at = :now, updated_at = :now
                where id = :id and status not in ('SUCCEEDED', 'FAILED', 'CANCELED', 'ABORTED')""")
                        .param("now", ts(now))
                        .param("id", id)
                        .update()
                == 1;
    }

    /** Predictions and trainings the owner had accepted since {@code since}. */
    public long countCreatedSince(String owner, Instant since) {
        return jdbc.sql("select count(*) from predictions where owner = :owner and created_at >= :since")
                .param("owner", owner)
                .param("since", ts(since))
                .query(Long.class)
                .single();
    }

    long countByStatus(PredictionStatus status) {
        return jdbc.sql("select count(*) from predictions where status = :status")
                .param("status", status.name())
                .query(Long.class)
                .single();
    }

    /** One row of usage: what an owner ran on a day, of one model and kind. */
    public record UsageRow(
            java.time.LocalDate day, String kind, String model, long count, long succeeded, double predictSeconds) {}

    /** Usage of {@code owner} since {@code since}, by UTC day, kind and model. */
    public List<UsageRow> usage(String owner, Instant since) {
        return jdbc.sql(
                        """
                select cast(created_at as date) as usage_day, kind, model, count(*) as n,
                       sum(case when status = 'SUCCEEDED' then 1 else 0 end) as ok,
                       coalesce(sum(predict_time), 0) as seconds
                from predictions where owner = :owner and created_at >= :since
                group by cast(created_at as date), kind, model
                order by usage_day desc, kind, model""")
                .param("owner", owner)
                .param("since", ts(since))
                .query((rs, n) -> new UsageRow(
                        rs.getObject("usage_day", java.time.LocalDate.class),
                        rs.getString("kind"),
                        rs.getString("model"),
                        rs.getLong("n"),
                        rs.getLong("ok"),
                        rs.getDouble("seconds")))
                .list();
    }

    private static Double predictTime(Map<String, Object> metrics) {
        Object value = metrics == null ? null : metrics.get("predict_time");
        return value instanceof Number number ? number.doubleValue() : null;
    }

    // ---- events ------------------------------------------------------------------------------------

    void appendEvent(
            String predictionId, PredictionStatus status, Double progress, String source, String detail, Instant at) {
        jdbc.sql(
                        """
                insert into prediction_events (prediction_id, status, progress, source, detail, created_at)
                values (:pid, :status, :progress, :source, :detail, :at)""")
                .param("pid", predictionId)
                .param("status", status.name())
                .param("progress", progress)
                .param("source", source)
                .param("detail", detail)
                .param("at", ts(at))
                .update();
    }

    public List<PredictionEvent> events(String predictionId, long afterId) {
        return jdbc.sql(
                        """
                select id, prediction_id, status, progress, source, detail, created_at from prediction_events
                where prediction_id = :pid and id > :after order by id""")
                .param("pid", predictionId)
                .param("after", afterId)
                .query((rs, n) -> new PredictionEvent(
                        rs.getLong("id"),
                        rs.getString("prediction_id"),
                        PredictionStatus.valueOf(rs.getString("status")),
                        (Double) rs.getObject("progress", Double.class),
                        rs.getString("source"),
                        rs.getString("detail"),
                        instant(rs, "created_at")))
                .list();
    }

    // ---- mapping -----------------------------------------------------------------------------------

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot store value as JSON", e);
        }
    }

    private static <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    private static JsonNode tree(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is unreadable", e);
        }
    }

    static final RowMapper<Prediction> ROW = (rs, n) -> new Prediction(
            rs.getString("id"),
            rs.getString("owner"),
            rs.getString("kind"),
            PredictionStatus.valueOf(rs.getString("status")),
            rs.getString("model"),
            fromJson(rs.getString("input"), MAP),
            rs.getString("replicate_id"),
            rs.getObject("progress", Double.class),
            rs.getString("logs"),
            tree(rs.getString("output")),
            rs.getString("error"),
            fromJson(rs.getString("metrics"), MAP),
            rs.getBoolean("cancel_requested"),
            rs.getBoolean("outcome_unknown"),
            rs.getInt("submit_attempts"),
            instant(rs, "submit_sent_at"),
            rs.getInt("poll_count"),
            instant(rs, "next_attempt_at"),
            instant(rs, "deadline_at"),
            instant(rs, "created_at"),
            instant(rs, "submitted_at"),
            instant(rs, "started_at"),
            instant(rs, "completed_at"),
            instant(rs, "updated_at"));
}
