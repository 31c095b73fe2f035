package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The submitter's bookkeeping around a create. A send is marked (and committed) before the create goes
 * out, under the claim that sends it ({@code send_claim}); its answer is recorded only while that send
 * is still the row's latest and the row is still queued, so no answer can overwrite another instance's.
 */
@Repository
class SubmissionRecords {

    // "coalesce(replicate_id, '') = ''" rather than "replicate_id is null": H2 answers an IS NULL from
    // the unique index on replicate_id, ahead of the primary key, and so reads every queued row per
    // answer recorded (0.5 s each behind a queue of 24,000). Replicate ids are never empty.
    static final String RECORD_CREATED =
            """
            update predictions set replicate_id = :rid, status = :status, outcome_unknown = false,
                                   submitted_at = :now, next_attempt_at = :next, error = null,
                                   claimed_by = null, claimed_until = null, updated_at = :now
            where id = :id and status = 'QUEUED' and send_claim = :token and coalesce(replicate_id, '') = ''""";

    static final String RECORD_ADOPTED =
            """
            update predictions set replicate_id = :rid, status = :status, outcome_unknown = false,
                                   submitted_at = :now, next_attempt_at = :next, error = null,
                                   claimed_by = null, claimed_until = null, updated_at = :now
            where id = :id and status = 'QUEUED' and claim_token = :token and coalesce(replicate_id, '') = ''""";

    private final JdbcClient jdbc;

    SubmissionRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Written (and committed) before a create is sent: if the process dies mid-call, whoever takes the
     * row next knows the outcome is unknown and reconciles instead of creating again.
     */
    boolean markSending(String id, String token, Instant now) {
        return jdbc.sql(
                                """
                update predictions set outcome_unknown = true, submit_sent_at = :now, send_claim = :token,
                                       submit_attempts = submit_attempts + 1, updated_at = :now
                where id = :id and claim_token = :token and status = 'QUEUED'""")
                        .param("now", ts(now))
                        .param("id", id)
                        .param("token", token)
                        .update()
                == 1;
    }

    /**
     * The create certainly did not happen (429, refused connection): the row is plain queued again. Only
     * while this claim still holds the row: otherwise it stays "outcome unknown" for the new holder.
     */
    void markNotSent(String id, String token, Instant nextAttemptAt, String error, Instant now) {
        jdbc.sql(
                        """
                update predictions set outcome_unknown = false, claimed_by = null, claimed_until = null,
                                       next_attempt_at = :next, error = :error, updated_at = :now
                where id = :id and claim_token = :token and send_claim = :token and status = 'QUEUED'""")
                .param("next", ts(nextAttemptAt))
                .param("error", error)
                .param("now", ts(now))
                .param("id", id)
                .param("token", token)
                .update();
    }

    /**
     * Records the Replicate id of the prediction a send under {@code token} created; false when that
     * send is no longer the row's latest (another instance sent, adopted or ended it meanwhile).
     */
    boolean recordCreated(
            String id, String token, String replicateId, PredictionStatus status, Instant now, Instant nextAttemptAt) {
        return jdbc.sql(RECORD_CREATED)
                        .param("rid", replicateId)
                        .param("status", status.name())
                        .param("now", ts(now))
                        .param("next", ts(nextAttemptAt))
                        .param("id", id)
                        .param("token", token)
                        .update()
                == 1;
    }

    /**
     * Records a prediction found upstream for an earlier send whose answer was lost; false when the
     * claim {@code token} no longer holds the row or the row is no longer queued.
     */
    boolean recordAdopted(
            String id, String token, String replicateId, PredictionStatus status, Instant now, Instant nextAttemptAt) {
        return jdbc.sql(RECORD_ADOPTED)
                        .param("rid", replicateId)
                        .param("status", status.name())
                        .param("now", ts(now))
                        .param("next", ts(nextAttemptAt))
                        .param("id", id)
                        .param("token", token)
                        .update()
                == 1;
    }
}
