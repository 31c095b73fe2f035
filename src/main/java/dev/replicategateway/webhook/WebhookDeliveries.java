package dev.replicategateway.webhook;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Delivery ids handled; the primary key makes a redelivery (same webhook-id) detectable on any instance. */
@Repository
class WebhookDeliveries {

    private final JdbcClient jdbc;

    WebhookDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws DuplicateKeyException when this delivery was handled before */
    void record(String webhookId, String replicateId, Instant now) {
        jdbc.sql("insert into webhook_deliveries (webhook_id, replicate_id, received_at) values (:id, :rid, :now)")
                .param("id", webhookId)
                .param("rid", replicateId)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("delete from webhook_deliveries where received_at < :cutoff")
                .param("cutoff", cutoff.atOffset(ZoneOffset.UTC))
                .update();
    }
}
