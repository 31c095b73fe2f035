package dev.replicategateway.callerwebhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The caller_webhooks table: one subscription per prediction or training, written when it is accepted. */
@Repository
class WebhookSubscriptions {

    private final JdbcClient jdbc;

    WebhookSubscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WebhookSubscription subscription) {
        jdbc.sql(
                        """
                insert into caller_webhooks (prediction_id, owner, url, events, body_format, base_url)
                values (:id, :owner, :url, :events, :format, :base)""")
                .param("id", subscription.predictionId())
                .param("owner", subscription.owner())
                .param("url", subscription.url())
                .param("events", WebhookEvent.column(subscription.events()))
                .param("format", subscription.format())
                .param("base", subscription.baseUrl())
                .update();
    }

    Optional<WebhookSubscription> find(String predictionId) {
        return jdbc.sql("select * from caller_webhooks where prediction_id = :id")
                .param("id", predictionId)
                .query(WebhookSubscriptions::row)
                .optional();
    }

    void startEnqueued(String predictionId) {
        jdbc.sql("update caller_webhooks set start_enqueued = true where prediction_id = :id")
                .param("id", predictionId)
                .update();
    }

    void enqueuedAt(String predictionId, Instant when) {
        jdbc.sql("update caller_webhooks set last_enqueued_at = :when where prediction_id = :id")
                .param("when", when.atOffset(ZoneOffset.UTC))
                .param("id", predictionId)
                .update();
    }

    private static WebhookSubscription row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime last = rs.getObject("last_enqueued_at", OffsetDateTime.class);
        return new WebhookSubscription(
                rs.getString("prediction_id"),
                rs.getString("owner"),
                rs.getString("url"),
                WebhookEvent.ofColumn(rs.getString("events")),
                rs.getString("body_format"),
                rs.getString("base_url"),
                rs.getBoolean("start_enqueued"),
                last == null ? null : last.toInstant());
    }
}
