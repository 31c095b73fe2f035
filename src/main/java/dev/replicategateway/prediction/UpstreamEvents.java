package dev.replicategateway.prediction;

import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateWire;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Takes events Replicate pushes (webhooks) for any of our predictions or trainings. An event for a
 * Replicate id we do not know yet is parked, not dropped: it can overtake the answer to its create,
 * and is applied as soon as the submitter records that id.
 */
@Service
public class UpstreamEvents {

    private static final Logger log = LoggerFactory.getLogger(UpstreamEvents.class);

    /** What became of an event. */
    public enum Outcome {
        APPLIED,
        PARKED
    }

    private final PredictionRows rows;
    private final PredictionStateWriter writer;
    private final ParkedEvents parked;
    private final Clock clock;

    UpstreamEvents(PredictionRows rows, PredictionStateWriter writer, ParkedEvents parked, Clock clock) {
        this.rows = rows;
        this.writer = writer;
        this.parked = parked;
        this.clock = clock;
    }

    public Outcome receive(ReplicatePrediction event, byte[] rawBody, String source) {
        var ours = rows.findByReplicateId(event.id());
        if (ours.isEmpty()) {
            parked.park(event.id(), rawBody, clock.instant());
            log.info("Event for unknown Replicate id {} parked until its create is recorded", event.id());
            return Outcome.PARKED;
        }
        writer.applyUpstream(ours.get().id(), event, source);
        return Outcome.APPLIED;
    }

    /** Forgets parked events older than {@code age}: their create never reported back, or went to another account. */
    public int purgeParkedOlderThan(Duration age) {
        return parked.purgeOlderThan(clock.instant().minus(age));
    }

    /** Applies what arrived for {@code replicateId} before the create's answer did. */
    void replayParked(String predictionId, String replicateId) {
        for (byte[] payload : parked.take(replicateId)) {
            try {
                writer.applyUpstream(predictionId, ReplicateWire.prediction(payload), "webhook");
            } catch (IOException e) {
                log.warn("Dropping an unreadable parked event for {}", replicateId);
            }
        }
    }
}
