package dev.replicategateway.prediction;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Moves in-flight predictions to their final state by asking Replicate, on a per-prediction backoff
 * schedule, within the read budget. Many due at once are refreshed from list pages (100 a call)
 * instead of one GET each; when the budget runs short the poller waits rather than provoke 429s. It
 * also carries out cancels and the overall deadline.
 */
@Service
class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Set<PredictionStatus> IN_FLIGHT =
            Set.of(PredictionStatus.STARTING, PredictionStatus.PROCESSING);

    private final WorkClaims claims;
    private final PredictionStateWriter writer;
    private final UpstreamKinds upstreams;
    private final UpstreamRateLimiter limiter;
    private final LifecycleProperties properties;

    Poller(
            WorkClaims claims,
            PredictionStateWriter writer,
            UpstreamKinds upstreams,
            UpstreamRateLimiter limiter,
            LifecycleProperties properties) {
        this.claims = claims;
        this.writer = writer;
        this.upstreams = upstreams;
        this.limiter = limiter;
        this.properties = properties;
    }

    /** One round: claims due in-flight rows and refreshes them; returns how many were claimed. */
    int pollDue() {
        int claimedCount = 0;
        for (UpstreamKind upstream : upstreams.all()) {
            if (spendableReads() <= 0) {
                return claimedCount;
            }
            List<Prediction> claimed =
                    claims.claim(IN_FLIGHT, upstream.kind(), properties.poll().batchSize());
            claimedCount += claimed.size();
            List<Prediction> toRefresh = new ArrayList<>();
            for (Prediction prediction : claimed) {
                if (prediction.cancelRequested() || !claims.now().isBefore(prediction.deadlineAt())) {
                    guarded(prediction, () -> cancel(prediction, upstream));
                } else {
                    toRefresh.add(prediction);
                }
            }
            if (toRefresh.size() >= properties.poll().listThreshold()) {
                toRefresh = refreshFromList(toRefresh, upstream);
            }
            for (Prediction prediction : toRefresh) {
                if (spendableReads() <= 0) {
                    claims.release(
                            prediction.id(), claims.now().plus(properties.poll().interval()));
                    continue;
                }
                guarded(prediction, () -> writer.applyPolled(prediction.id(), upstream.get(prediction.replicateId())));
            }
        }
        return claimedCount;
    }

    /**
     * Reads list pages (newest first) until every due prediction has been seen or the pages are older
     * than the oldest of them; returns those not found, which are then read one by one. A final status
     * seen in a list is confirmed with a GET, which carries the complete output and metrics.
     */
    private List<Prediction> refreshFromList(List<Prediction> due, UpstreamKind upstream) {
        Map<String, Prediction> byReplicateId = new HashMap<>();
        due.forEach(p -> byReplicateId.put(p.replicateId(), p));
        Instant oldest = due.stream()
                .map(p -> p.submittedAt() != null ? p.submittedAt() : p.createdAt())
                .min(Comparator.naturalOrder())
                .orElseThrow()
                .minus(CLOCK_SKEW);
        List<Prediction> confirm = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < properties.poll().maxListPages() && !byReplicateId.isEmpty(); page++) {
            if (spendableReads() <= 0) {
                break;
            }
            PredictionPage results;
            try {
                results = upstream.list(cursor);
            } catch (ReplicateException e) {
                log.warn("Listing predictions failed: {}", e.getMessage());
                break;
            }
            boolean reachedOlder = false;
            for (ReplicatePrediction seen : results.results()) {
                Prediction ours = byReplicateId.remove(seen.id());
                if (ours != null) {
                    if (seen.status() != null && seen.status().isFinal()) {
                        confirm.add(ours);
                    } else {
                        guarded(ours, () -> writer.applyPolled(ours.id(), seen));
                    }
                }
                if (seen.createdAt() != null && seen.createdAt().isBefore(oldest)) {
                    reachedOlder = true;
                }
            }
            if (reachedOlder || results.next() == null) {
                break;
            }
            cursor = results.next();
        }
        confirm.addAll(byReplicateId.values());
        return confirm;
    }

    /**
     * Carries out a requested cancel, or the deadline: then the prediction is failed first (our decision
     * stands whatever Replicate answers) and canceled upstream so it stops costing money.
     */
    private void cancel(Prediction prediction, UpstreamKind upstream) {
        boolean deadlinePassed = !claims.now().isBefore(prediction.deadlineAt());
        if (deadlinePassed) {
            writer.fail(
                    prediction.id(),
                    "Deadline of " + properties.deadline() + " exceeded; canceled on Replicate",
                    "poller");
        }
        try {
            ReplicatePrediction canceled = upstream.cancel(prediction.replicateId());
            writer.applyUpstream(prediction.id(), canceled, "poller");
        } catch (ReplicateNotFoundException e) {
            log.warn("Replicate no longer knows {} ({})", prediction.replicateId(), prediction.id());
        }
        if (!deadlinePassed) {
            // Replicate may answer the cancel before the prediction stops: keep polling until it is final.
            writer.reschedule(
                    prediction.id(), claims.now().plus(properties.poll().initialDelay()));
        }
    }

    private void guarded(Prediction prediction, Runnable work) {
        MDC.put("prediction", prediction.id());
        try {
            work.run();
            claims.releaseLease(prediction.id());
        } catch (ReplicateNotFoundException e) {
            writer.fail(prediction.id(), "Replicate no longer knows prediction " + prediction.replicateId(), "poller");
            claims.release(prediction.id(), claims.now());
        } catch (ReplicateException e) {
            log.warn("Polling {} failed: {}", prediction.id(), e.getMessage());
            claims.release(prediction.id(), claims.now().plus(properties.poll().maxDelay()));
        } catch (RuntimeException e) {
            log.error("Unexpected failure polling {}", prediction.id(), e);
            claims.release(prediction.id(), claims.now().plus(properties.poll().maxDelay()));
        } finally {
            MDC.remove("prediction");
        }
    }

    /** Reads this round may spend: what the bucket holds now, less a reserve for everything else. */
    private long spendableReads() {
        long reserve = Math.max(1, properties.poll().readReserve() / 60);
        return limiter.available(UpstreamBudget.READS) - reserve;
    }
}
