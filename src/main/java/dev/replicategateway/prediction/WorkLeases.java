package dev.replicategateway.prediction;

import static dev.replicategateway.prediction.StoredJson.instant;
import static dev.replicategateway.prediction.StoredJson.ts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Leases on predictions rows. Due rows are locked with {@code SELECT … FOR UPDATE SKIP LOCKED}, then
 * leased: {@code claimed_by} (the instance), {@code claimed_until} and a fresh {@code claim_token}
 * per claim. Every update made under a claim names its token, so an instance whose lease ran out can
 * never act on a row another instance has claimed since.
 */
@Repository
class WorkLeases {

    private final JdbcClient jdbc;

    WorkLeases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The due, unleased rows of one status, oldest due first, read in the order of the due index. */
    static final String DUE_OF_STATUS =
            """
            select id, next_attempt_at from predictions
            where status = :status and kind = :kind and next_attempt_at <= :now
              and (claimed_until is null or claimed_until < :now)
            order by status, next_attempt_at
            limit :limit""";

    /**
     * Ids of rows in {@code statuses} that are due and not leased; the rows stay locked until the
     * transaction ends.
     *
     * <p>In two steps because of H2: it answers {@code FOR UPDATE} by locking every row the condition
     * matches before it applies the limit, and it reads the due index in order only when the order names
     * the index's columns, which a list of statuses cannot. Behind 150,000 queued rows one claim read all
     * of them (3.4 s). So the due rows of each status are read in index order without locks, and only
     * the oldest of those are then locked, each checked again, skipping what another claim holds.
     */
    List<String> lockDue(Collection<String> statuses, WorkKind kind, Instant now, int limit) {
        record Due(String id, Instant at) {}
        List<Due> due = new ArrayList<>();
        for (String status : statuses) {
            due.addAll(jdbc.sql(DUE_OF_STATUS)
                    .param("status", status)
                    .param("kind", kind.column())
                    .param("now", ts(now))
                    .param("limit", limit)
                    .query((rs, row) -> new Due(rs.getString(1), instant(rs, 2)))
                    .list());
        }
        List<String> oldest = due.stream()
                .sorted(Comparator.comparing(Due::at))
                .limit(limit)
                .map(Due::id)
                .toList();
        if (oldest.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(
                        """
                select id from predictions
                where id in (:ids) and status in (:statuses) and kind = :kind and next_attempt_at <= :now
                  and (claimed_until is null or claimed_until < :now)
                order by next_attempt_at
                for update skip locked""")
                .param("ids", oldest)
                .param("statuses", statuses)
                .param("kind", kind.column())
                .param("now", ts(now))
                .query(String.class)
                .list();
    }

    /** Takes the lease on {@code id} if nobody holds a live one; true when this claim now holds it. */
    boolean lease(String id, String instance, String token, Instant now, Instant until) {
        return jdbc.sql(
                                """
                update predictions set claimed_by = :me, claim_token = :token, claimed_until = :until
                where id = :id and (claimed_until is null or claimed_until < :now or claimed_by = :me)""")
                        .param("me", instance)
                        .param("token", token)
                        .param("until", ts(until))
                        .param("id", id)
                        .param("now", ts(now))
                        .update()
                == 1;
    }

    /** Gives the lease back and says when to look at the row next. */
    void releaseAndRetryAt(String id, String token, Instant nextAttemptAt, Instant now) {
        jdbc.sql(
                        """
                update predictions set claimed_by = null, claimed_until = null, next_attempt_at = :next,
                                       updated_at = :now
                where id = :id and claim_token = :token""")
                .param("next", ts(nextAttemptAt))
                .param("now", ts(now))
                .param("id", id)
                .param("token", token)
                .update();
    }

    /** Gives the lease back, keeping the next attempt time a state change has already written. */
    void releaseKeepingSchedule(String id, String token) {
        jdbc.sql(
                        "update predictions set claimed_by = null, claimed_until = null where id = :id and claim_token = :token")
                .param("id", id)
                .param("token", token)
                .update();
    }
}
