package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.instant;
import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The predictions table: inserting a row, reading rows back, and the owner's pages. */
@Repository
class PredictionRows {

    /**
     * The columns {@link #ROW} reads, in the order it reads them by position: on H2 a lookup by label
     * builds a map of the result's labels for every query, which cost a one-row GET as much as the query did.
     */
    static final String COLUMNS = "id, owner, end_user, kind, status, model, input, estimated_cost, cost, "
            + "input_hash, cached_from, caller_webhook, replicate_id, progress, logs, output, error, metrics, "
            + "cancel_requested, outcome_unknown, submit_attempts, submit_sent_at, poll_count, next_attempt_at, "
            + "deadline_at, created_at, submitted_at, started_at, completed_at, updated_at";

    private static final List<String> COLUMN_LIST = List.of(COLUMNS.split(", "));

    private static final int ID = column("id");
    private static final int OWNER = column("owner");
    private static final int END_USER = column("end_user");
    private static final int KIND = column("kind");
    private static final int STATUS = column("status");
    private static final int MODEL = column("model");
    private static final int INPUT = column("input");
    private static final int ESTIMATED_COST = column("estimated_cost");
    private static final int COST = column("cost");
    private static final int INPUT_HASH = column("input_hash");
    private static final int CACHED_FROM = column("cached_from");
    private static final int CALLER_WEBHOOK = column("caller_webhook");
    private static final int REPLICATE_ID = column("replicate_id");
    private static final int PROGRESS = column("progress");
    private static final int LOGS = column("logs");
    private static final int OUTPUT = column("output");
    private static final int ERROR = column("error");
    private static final int METRICS = column("metrics");
    private static final int CANCEL_REQUESTED = column("cancel_requested");
    private static final int OUTCOME_UNKNOWN = column("outcome_unknown");
    private static final int SUBMIT_ATTEMPTS = column("submit_attempts");
    private static final int SUBMIT_SENT_AT = column("submit_sent_at");
    private static final int POLL_COUNT = column("poll_count");
    private static final int NEXT_ATTEMPT_AT = column("next_attempt_at");
    private static final int DEADLINE_AT = column("deadline_at");
    private static final int CREATED_AT = column("created_at");
    private static final int SUBMITTED_AT = column("submitted_at");
    private static final int STARTED_AT = column("started_at");
    private static final int COMPLETED_AT = column("completed_at");
    private static final int UPDATED_AT = column("updated_at");

    /** Reads a row of {@code select COLUMNS from predictions}. */
    static final RowMapper<Prediction> ROW = (rs, n) -> new Prediction.Builder()
            .id(rs.getString(ID))
            .owner(rs.getString(OWNER))
            .user(rs.getString(END_USER))
            .kind(WorkKind.ofColumn(rs.getString(KIND)))
            .status(PredictionStatus.valueOf(rs.getString(STATUS)))
            .model(rs.getString(MODEL))
            .input(StoredJson.map(rs.getString(INPUT)))
            .estimatedCost(rs.getObject(ESTIMATED_COST, Double.class))
            .cost(rs.getObject(COST, Double.class))
            .inputHash(rs.getString(INPUT_HASH))
            .cachedFrom(rs.getString(CACHED_FROM))
            .callerWebhook(rs.getObject(CALLER_WEBHOOK, Boolean.class))
            .replicateId(rs.getString(REPLICATE_ID))
            .progress(rs.getObject(PROGRESS, Double.class))
            .logs(rs.getString(LOGS))
            .output(StoredJson.tree(rs.getString(OUTPUT)))
            .error(rs.getString(ERROR))
            .metrics(StoredJson.map(rs.getString(METRICS)))
            .cancelRequested(rs.getBoolean(CANCEL_REQUESTED))
            .outcomeUnknown(rs.getBoolean(OUTCOME_UNKNOWN))
            .submitAttempts(rs.getInt(SUBMIT_ATTEMPTS))
            .submitSentAt(instant(rs, SUBMIT_SENT_AT))
            .pollCount(rs.getInt(POLL_COUNT))
            .nextAttemptAt(instant(rs, NEXT_ATTEMPT_AT))
            .deadlineAt(instant(rs, DEADLINE_AT))
            .createdAt(instant(rs, CREATED_AT))
            .submittedAt(instant(rs, SUBMITTED_AT))
            .startedAt(instant(rs, STARTED_AT))
            .completedAt(instant(rs, COMPLETED_AT))
            .updatedAt(instant(rs, UPDATED_AT))
            .build();

    private static int column(String name) {
        int index = COLUMN_LIST.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("not among the columns read: " + name);
        }
        return index + 1;
    }

    private static final String INSERT =
            """
            insert into predictions (id, owner, end_user, kind, status, model, input, estimated_cost, cost,
                                     input_hash, cached_from, caller_webhook, output, progress, completed_at,
                                     next_attempt_at, deadline_at, created_at, updated_at)
            values (:id, :owner, :user, :kind, :status, :model, :input, :estimate, :cost, :hash, :cachedFrom,
                    :callerWebhook, :output, :progress, :completed, :next, :deadline, :created, :created)""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcOperations batches;

    PredictionRows(JdbcClient jdbc, NamedParameterJdbcOperations batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    void insert(Prediction p) {
        jdbc.sql(INSERT).paramSource(insertParameters(p)).update();
    }

    /** Inserts all of {@code predictions} in one JDBC batch: one round trip to PostgreSQL for all of them. */
    void insertAll(List<Prediction> predictions) {
        if (predictions.size() == 1) {
            insert(predictions.get(0));
        } else if (!predictions.isEmpty()) {
            batches.batchUpdate(
                    INSERT,
                    predictions.stream().map(PredictionRows::insertParameters).toArray(SqlParameterSource[]::new));
        }
    }

    private static SqlParameterSource insertParameters(Prediction p) {
        return new MapSqlParameterSource()
                .addValue("cost", p.cost())
                .addValue("hash", p.inputHash())
                .addValue("cachedFrom", p.cachedFrom())
                .addValue("callerWebhook", p.callerWebhook())
                .addValue("output", p.output() == null ? null : p.output().toString())
                .addValue("progress", p.progress())
                .addValue("completed", ts(p.completedAt()))
                .addValue("id", p.id())
                .addValue("owner", p.owner())
                .addValue("user", p.user())
                .addValue("estimate", p.estimatedCost())
                .addValue("kind", p.kind().column())
                .addValue("status", p.status().name())
                .addValue("model", p.model())
                .addValue("input", StoredJson.write(p.input()))
                .addValue("next", ts(p.nextAttemptAt()))
                .addValue("deadline", ts(p.deadlineAt()))
                .addValue("created", ts(p.createdAt()));
    }

    Optional<Prediction> findById(String id) {
        return jdbc.sql("select " + COLUMNS + " from predictions where id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    Optional<Prediction> findByReplicateId(String replicateId) {
        return jdbc.sql("select " + COLUMNS + " from predictions where replicate_id = :rid")
                .param("rid", replicateId)
                .query(ROW)
                .optional();
    }

    List<Prediction> findAllById(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from predictions where id in (:ids)")
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
     * A page of an owner's work (of one end user when {@code user} is set), newest first, after the
     * keyset {@code (beforeCreated, beforeId)}.
     */
    List<Prediction> list(String owner, PredictionFilter filter, Instant beforeCreated, String beforeId, int limit) {
        StringBuilder sql =
                new StringBuilder("select " + COLUMNS + " from predictions where owner = :owner and kind = :kind");
        if (filter.user() != null) {
            sql.append(" and end_user = :user");
        }
        if (filter.status() != null) {
            sql.append(" and status = :status");
        }
        if (filter.model() != null) {
            sql.append(" and model = :model");
        }
        if (filter.createdAfter() != null) {
            sql.append(" and created_at >= :after");
        }
        if (filter.createdBefore() != null) {
            sql.append(" and created_at < :before");
        }
        if (beforeCreated != null) {
            sql.append(" and (created_at < :bc or (created_at = :bc and id < :bid))");
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        var statement = jdbc.sql(sql.toString())
                .param("owner", owner)
                .param("kind", filter.kind().column())
                .param("limit", limit);
        if (filter.user() != null) {
            statement = statement.param("user", filter.user());
        }
        if (filter.status() != null) {
            statement = statement.param("status", filter.status().name());
        }
        if (filter.model() != null) {
            statement = statement.param("model", filter.model());
        }
        if (filter.createdAfter() != null) {
            statement = statement.param("after", ts(filter.createdAfter()));
        }
        if (filter.createdBefore() != null) {
            statement = statement.param("before", ts(filter.createdBefore()));
        }
        if (beforeCreated != null) {
            statement = statement.param("bc", ts(beforeCreated)).param("bid", beforeId);
        }
        return statement.query(ROW).list();
    }

    /**
     * Other queued rows whose create's outcome is unknown and that asked for the same model and input
     * as {@code prediction}: a duplicate found upstream may be theirs.
     */
    List<Prediction> queuedWithUnknownOutcome(Prediction prediction) {
        return jdbc
                .sql(
                        "select " + COLUMNS
                                + """
                 from predictions
                where status = 'QUEUED' and outcome_unknown = true and kind = :kind and model = :model and id <> :id""")
                .param("kind", prediction.kind().column())
                .param("model", prediction.model())
                .param("id", prediction.id())
                .query(ROW)
                .list()
                .stream()
                .filter(other -> InputMatcher.sameInput(prediction.input(), other.input()))
                .toList();
    }

    /** The owner's latest succeeded predictions (not themselves cached) of this input hash, newest first. */
    List<Prediction> succeededWithInput(String owner, String inputHash, int limit) {
        return jdbc.sql(
                        "select " + COLUMNS
                                + """
                 from predictions
                where owner = :owner and input_hash = :hash and status = 'SUCCEEDED' and cached_from is null
                order by completed_at desc limit :limit""")
                .param("owner", owner)
                .param("hash", inputHash)
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    long countByStatus(PredictionStatus status) {
        return jdbc.sql("select count(*) from predictions where status = :status")
                .param("status", status.name())
                .query(Long.class)
                .single();
    }
}
