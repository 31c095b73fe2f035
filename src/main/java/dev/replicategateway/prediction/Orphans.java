package dev.replicategateway.prediction;

import dev.replicategateway.common.Backoff;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What to do with upstream work this service created but can no longer attach to its row (the send
 * was overtaken, the row ended meanwhile, a duplicate from an older create): cancel it on Replicate at
 * once so it stops costing money, log both ids, count it, and keep trying the cancel until it works.
 */
@Component
class Orphans {

    private static final Logger log = LoggerFactory.getLogger(Orphans.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Backoff RETRIES = new Backoff(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10));

    private final OrphanedPredictions orphans;
    private final UpstreamWorks upstreams;
    private final WorkClaims claims;
    private final MeterRegistry meters;

    Orphans(OrphanedPredictions orphans, UpstreamWorks upstreams, WorkClaims claims, MeterRegistry meters) {
        this.orphans = orphans;
        this.upstreams = upstreams;
        this.claims = claims;
        this.meters = meters;
    }

    /** Cancels {@code replicateId}, which was created for {@code ours} but is not attached to it. */
    void cancel(WorkKind kind, String replicateId, Prediction ours, String why) {
        if (!orphans.record(kind, replicateId, ours.id(), why, claims.now())) {
            return;
        }
        meters.counter("gateway.predictions.orphaned", "kind", kind.column()).increment();
        log.warn(
                "Replicate {} {} was created for {} but cannot be attached to it ({}); canceling it",
                kind.column(),
                replicateId,
                ours.id(),
                why);
        tryCancel(new OrphanedPredictions.Orphan(replicateId, kind, ours.id(), 0));
    }

    /** Retries the cancels that have not gone through yet; returns how many were tried. */
    int cancelDue() {
        var due = orphans.due(claims.now(), 50);
        due.forEach(this::tryCancel);
        return due.size();
    }

    private void tryCancel(OrphanedPredictions.Orphan orphan) {
        try {
            upstreams.of(orphan.kind()).cancel(orphan.replicateId(), CALL_TIMEOUT);
            orphans.canceled(orphan.replicateId(), claims.now());
            log.info(
                    "Canceled orphaned {} {} (of {})",
                    orphan.kind().column(),
                    orphan.replicateId(),
                    orphan.predictionId());
        } catch (ReplicateNotFoundException gone) {
            orphans.canceled(orphan.replicateId(), claims.now());
        } catch (ReplicateException e) {
            log.warn("Cancel of orphaned {} failed, will retry: {}", orphan.replicateId(), e.getMessage());
            orphans.retryAt(orphan.replicateId(), claims.now().plus(RETRIES.delay(orphan.attempts() + 1)));
        }
    }
}
