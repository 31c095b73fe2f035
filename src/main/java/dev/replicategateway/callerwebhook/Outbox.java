package dev.replicategateway.callerwebhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook_outbox table. Rows are written in the transaction of the state change they tell about;
 * any instance leases due rows (a conditional update, so two instances never hold the same row) and
 * records each attempt's outcome under its lease.
 */
@Repository
class Outbox {

    private static final int MAX_ERROR = 500;

    /** Ordered by the due index's columns: otherwise H2 reads every due row to sort them. */
    static final String DUE =
            """
            select id from webhook_outbox
            where state = 'PENDING' and next_attempt_at <= :now and (leased_until is null or leased_until < :now)
            order by state, next_attempt_at
            limit :limit""";

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void enqueue(String id, WebhookSubscription subscription, WebhookEvent event, Instant due, Instant now) {
        jdbc.sql(
                        """
                insert into webhook_outbox (id, prediction_id, owner, url, event, body_format, state,
                                            next_attempt_at, created_at)
                values (:id, :pid, :owner, :url, :event, :format, 'PENDING', :due, :now)""")
                .param("id", id)
                .param("pid", subscription.predictionId())
                .param("owner", subscription.owner())
                .param("url", subscription.url())
                .param("event", event.name())
                .param("format", subscription.format())
                .param("due", ts(due))
                .param("now", ts(now))
                .update();
    }

    /** Whether an event of this kind is queued and not yet tried: a newer one would say the same. */
    boolean hasUntried(String predictionId, WebhookEvent event) {
        return jdbc.sql(
                                """
                select count(*) from webhook_outbox
                where prediction_id = :pid and event = :event and state = 'PENDING' and attempts = 0""")
                        .param("pid", predictionId)
                        .param("event", event.name())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * Leases up to {@code limit} due rows under {@code token} until {@code until}. The lease is taken by
     * a conditional update that re-checks it row by row, so a row leased by another instance meanwhile
     * is skipped.
     */
    List<OutboxEntry> lease(String token, Instant now, Instant until, int limit) {
        jdbc.sql(
                        "update webhook_outbox set lease_token = :token, leased_until = :until where id in (" + DUE
                                + """
                ) and state = 'PENDING' and (leased_until is null or leased_until < :now)""")
                .param("token", token)
                .param("until", ts(until))
                .param("now", ts(now))
                .param("limit", limit)
                .update();
        return jdbc.sql("select * from webhook_outbox where lease_token = :token and state = 'PENDING'")
                .param("token", token)
                .query(Outbox::row)
                .list();
    }

    /** Freezes the body of the first attempt; false when the lease was lost. */
    boolean freeze(OutboxEntry entry, String body) {
        return jdbc.sql("update webhook_outbox set body = :body where id = :id and lease_token = :token")
                        .param("body", body)
                        .param("id", entry.id())
                        .param("token", entry.leaseToken())
                        .update()
                == 1;
    }

    void delivered(OutboxEntry entry, int status, Instant now) {
        jdbc.sql(
                        """
                update webhook_outbox set state = 'DELIVERED', attempts = attempts + 1, last_status = :status,
                                          last_error = null, delivered_at = :now, lease_token = null,
                                          leased_until = null
                where id = :id and lease_token = :token""")
                .param("status", status)
                .param("now", ts(now))
                .param("id", entry.id())
                .param("token", entry.leaseToken())
                .update();
    }

    void failed(OutboxEntry entry, Integer status, String error, Instant next) {
        jdbc.sql(
                        """
                update webhook_outbox set attempts = attempts + 1, last_status = :status, last_error = :error,
                                          next_attempt_at = :next, lease_token = null, leased_until = null
                where id = :id and lease_token = :token""")
                .param("status", status)
                .param("error", truncate(error))
                .param("next", ts(next))
                .param("id", entry.id())
                .param("token", entry.leaseToken())
                .update();
    }

    void dead(OutboxEntry entry, Integer status, String error) {
        jdbc.sql(
                        """
                update webhook_outbox set state = 'DEAD', attempts = attempts + 1, last_status = :status,
                                          last_error = :error, lease_token = null, leased_until = null
                where id = :id and lease_token = :token""")
                .param("status", status)
                .param("error", truncate(error))
                .param("id", entry.id())
                .param("token", entry.leaseToken())
                .update();
    }

    /** Not attempted now after all (its destination is busy, or its outputs are still being kept). */
    void postpone(OutboxEntry entry, Instant next) {
        jdbc.sql(
                        """
                update webhook_outbox set next_attempt_at = :next, lease_token = null, leased_until = null
                where id = :id and lease_token = :token""")
                .param("next", ts(next))
                .param("id", entry.id())
                .param("token", entry.leaseToken())
                .update();
    }

    List<OutboxEntry> of(Collection<String> predictionIds) {
        if (predictionIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from webhook_outbox where prediction_id in (:ids) order by created_at, id")
                .param("ids", predictionIds)
                .query(Outbox::row)
                .list();
    }

    long count(OutboxEntry.State state) {
        return jdbc.sql("select count(*) from webhook_outbox where state = :state")
                .param("state", state.name())
                .query(Long.class)
                .single();
    }

    /** Delivered rows are history: dropped after a while, so the table stays the size of what is pending. */
    int forgetDelivered(Instant before) {
        return jdbc.sql("delete from webhook_outbox where state = 'DELIVERED' and delivered_at < :before")
                .param("before", ts(before))
                .update();
    }

    private static String truncate(String error) {
        return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OutboxEntry row(ResultSet rs, int n) throws SQLException {
        int status = rs.getInt("last_status");
        Integer lastStatus = rs.wasNull() ? null : status;
        return new OutboxEntry(
                rs.getString("id"),
                rs.getString("prediction_id"),
                rs.getString("owner"),
                rs.getString("url"),
                WebhookEvent.valueOf(rs.getString("event")),
                rs.getString("body_format"),
                OutboxEntry.State.valueOf(rs.getString("state")),
                rs.getString("body"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                rs.getString("lease_token"),
                lastStatus,
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "delivered_at"));
    }
}
