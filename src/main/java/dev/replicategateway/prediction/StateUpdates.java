package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Changes of a prediction's state: compare-and-set updates, ends before submission, cancel requests. */
@Repository
class StateUpdates {

    private final JdbcClient jdbc;

    StateUpdates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes a new state if the row is still in {@code expected} (optimistic check): a concurrent writer
     * (webhook, another poller) wins and this update is dropped, to be re-read and re-applied.
     */
    boolean compareAndSet(Prediction expected, Prediction next) {
        return jdbc.sql(
                                """
                update predictions set status = :status, progress = :progress, logs = :logs, output = :output,
                                       error = :error, metrics = :metrics, started_at = :started,
                                       completed_at = :completed, poll_count = :polls, predict_time = :predictTime,
                                       cost = :cost, next_attempt_at = :next, updated_at = :updated
                where id = :id and status = :expectedStatus and updated_at = :expectedUpdated""")
                        .param("status", next.status().name())
                        .param("progress", next.progress())
                        .param("logs", next.logs())
                        .param(
                                "output",
                                next.output() == null ? null : next.output().toString())
                        .param("error", next.error())
                        .param("metrics", StoredJson.write(next.metrics()))
                        .param("started", ts(next.startedAt()))
                        .param("completed", ts(next.completedAt()))
                        .param("polls", next.pollCount())
                        .param("predictTime", next.predictTime())
                        .param("cost", next.cost())
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
                update predictions set status = :status, error = :error, completed_at = :now, cost = 0,
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
}
