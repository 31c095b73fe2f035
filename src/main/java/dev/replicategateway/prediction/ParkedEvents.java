package dev.replicategateway.prediction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Upstream events for Replicate ids not yet recorded, kept until the create's answer names them. */
@Repository
class ParkedEvents {

    private final JdbcClient jdbc;

    ParkedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void park(String replicateId, byte[] payload, Instant now) {
        jdbc.sql("insert into parked_events (replicate_id, payload, received_at) values (:rid, :payload, :now)")
                .param("rid", replicateId)
                .param("payload", new String(payload, StandardCharsets.UTF_8))
                .param("now", StoredJson.ts(now))
                .update();
    }

    /** Removes and returns the events parked for {@code replicateId}, oldest first. */
    List<byte[]> take(String replicateId) {
        List<byte[]> payloads = jdbc.sql("select payload from parked_events where replicate_id = :rid order by id")
                .param("rid", replicateId)
                .query((rs, n) -> rs.getString("payload").getBytes(StandardCharsets.UTF_8))
                .list();
        if (!payloads.isEmpty()) {
            jdbc.sql("delete from parked_events where replicate_id = :rid")
                    .param("rid", replicateId)
                    .update();
        }
        return payloads;
    }

    int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("delete from parked_events where received_at < :cutoff")
                .param("cutoff", StoredJson.ts(cutoff))
                .update();
    }
}
