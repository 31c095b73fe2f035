package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.instant;
import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The predictions table: inserting a row, reading rows back, and the owner's pages. */
@Repository
class PredictionRows {

    static final RowMapper<Prediction> ROW = (rs, n) -> new Prediction.Builder()
            .id(rs.getString("id"))
            .owner(rs.getString("owner"))
            .user(rs.getString("end_user"))
            .kind(WorkKind.ofColumn(rs.getString("kind")))
            .status(PredictionStatus.valueOf(rs.getString("status")))
            .model(rs.getString("model"))
            .input(StoredJson.map(rs.getString("input")))
            .estimatedCost(rs.getObject("estimated_cost", Double.class))
            .cost(rs.getObject("cost", Double.class))
            .inputHash(rs.getString("input_hash"))
            .cachedFrom(rs.getString("cached_from"))
            .callerWebhook(rs.getObject("caller_webhook", Boolean.class))
            .replicateId(rs.getString("replicate_id"))
            .progress(rs.getObject("progress", Double.class))
            .logs(rs.getString("logs"))
            .output(StoredJson.tree(rs.getString("output")))
            .error(rs.getString("error"))
            .metrics(StoredJson.map(rs.getString("metrics")))
            .cancelRequested(rs.getBoolean("cancel_requested"))
            .outcomeUnknown(rs.getBoolean("outcome_unknown"))
            .submitAttempts(rs.getInt("submit_attempts"))
            .submitSentAt(instant(rs, "submit_sent_at"))
            .pollCount(rs.getInt("poll_count"))
            .nextAttemptAt(instant(rs, "next_attempt_at"))
            .deadlineAt(instant(rs, "deadline_at"))
            .createdAt(instant(rs, "created_at"))
            .submittedAt(instant(rs, "submitted_at"))
            .startedAt(instant(rs, "started_at"))
            .completedAt(instant(rs, "completed_at"))
            .updatedAt(instant(rs, "updated_at"))
            .build();

    private final JdbcClient jdbc;

    PredictionRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Prediction p) {
        jdbc.sql(
                        """
                insert into predictions (id, owner, end_user, kind, status, model, input, estimated_cost, cost,
                                         input_hash, cached_from, caller_webhook, output, progress, completed_at,
                                         next_attempt_at, deadline_at, created_at, updated_at)
                values (:id, :owner, :user, :kind, :status, :model, :input, :estimate, :cost, :hash, :cachedFrom,
                        :callerWebhook, :output, :progress, :completed, :next, :deadline, :created, :created)""")
                .param("cost", p.cost())
                .param("hash", p.inputHash())
                .param("cachedFrom", p.cachedFrom())
                .param("callerWebhook", p.callerWebhook())
                .param("output", p.output() == null ? null : p.output().toString())
                .param("progress", p.progress())
                .param("completed", ts(p.completedAt()))
                .param("id", p.id())
                .param("owner", p.owner())
                .param("user", p.user())
                .param("estimate", p.estimatedCost())
                .param("kind", p.kind().column())
                .param("status", p.status().name())
                .param("model", p.model())
                .param("input", StoredJson.write(p.input()))
                .param("next", ts(p.nextAttemptAt()))
                .param("deadline", ts(p.deadlineAt()))
                .param("created", ts(p.createdAt()))
                .update();
    }

    Optional<Prediction> findById(String id) {
        return jdbc.sql("select * from predictions where id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    Optional<Prediction> findByReplicateId(String replicateId) {
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
     * A page of an owner's work (of one end user when {@code user} is set), newest first, after the
     * keyset {@code (beforeCreated, beforeId)}.
     */
    List<Prediction> list(String owner, PredictionFilter filter, Instant beforeCreated, String beforeId, int limit) {
        StringBuilder sql = new StringBuilder("select * from predictions where owner = :owner and kind = :kind");
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
                        """
                select * from predictions
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
                        """
                select * from predictions
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
