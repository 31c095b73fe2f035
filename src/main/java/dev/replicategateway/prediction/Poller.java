package dev.replicategateway.prediction;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateService.ListWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Moves in-flight predictions to their final state by asking Replicate, on a per-prediction backoff
 * schedule, within the read budget. Many due at once are refreshed from list pages (100 a call)
 * instead of one GET each. A round has a time budget shorter than the lease: its calls run a few at a
 * time, each cut at the round's end, so a hanging Replicate cannot hold cancels, deadlines and leases
 * behind it; a failed poll is retried by the next round, not inside the call. While the circuit
 * breaker is open the poller waits. It also carries out cancels and the overall deadline.
 */
@Service
class Poller implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Set<PredictionStatus> IN_FLIGHT =
            Set.of(PredictionStatus.STARTING, PredictionStatus.PROCESSING);

    private final WorkClaims claims;
    private final PredictionStateWriter writer;
    private final UpstreamWorks upstreams;
    private final UpstreamRateLimiter limiter;
    private final ReplicateService replicate;
    private final LifecycleProperties properties;
    private final ExecutorService pollers;

    Poller(
            WorkClaims claims,
            PredictionStateWriter writer,
            UpstreamWorks upstreams,
            UpstreamRateLimiter limiter,
            ReplicateService replicate,
            LifecycleProperties properties) {
        this.claims = claims;
        this.writer = writer;
        this.upstreams = upstreams;
        this.limiter = limiter;
        this.replicate = replicate;
        this.properties = properties;
        this.pollers = Executors.newFixedThreadPool(properties.poll().concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "poller");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One round: claims due in-flight rows and refreshes them; returns how many were claimed. */
    int pollDue() {
        if (!replicate.isAvailable()) {
            return 0;
        }
        RoundClock roundEnd = new RoundClock(
                System.nanoTime() + properties.poll().roundBudget().toNanos());
        int claimedCount = 0;
        for (UpstreamWork upstream : upstreams.all()) {
            long spendable = spendableReads();
            if (spendable <= 0) {
                return claimedCount;
            }
            List<Claim> claimed = claims.claim(
                    IN_FLIGHT, upstream.kind(), (int) Math.min(properties.poll().batchSize(), spendable));
            claimedCount += claimed.size();
            List<Claim> toRefresh = new ArrayList<>();
            List<Claim> toCancel = new ArrayList<>();
            for (Claim claim : claimed) {
                Prediction prediction = claim.prediction();
                boolean deadlinePassed = !claims.now().isBefore(prediction.deadlineAt());
                (prediction.cancelRequested() || deadlinePassed ? toCancel : toRefresh).add(claim);
            }
            List<Runnable> work = new ArrayList<>();
            toCancel.forEach(claim -> work.add(() -> guarded(claim, roundEnd, left -> cancel(claim, upstream, left))));
            if (toRefresh.size() >= properties.poll().listThreshold()) {
                toRefresh = refreshFromList(toRefresh, upstream, roundEnd);
            }
            toRefresh.forEach(claim -> work.add(() -> guarded(
                    claim,
                    roundEnd,
                    left -> writer.applyPolled(
                            claim.id(), upstream.get(claim.prediction().replicateId(), left), upstream::pollDelay))));
            runWithin(work, roundEnd);
        }
        return claimedCount;
    }

    /** Runs the round's calls a few at a time; whatever has not started by the round's end waits for the next. */
    private void runWithin(List<Runnable> work, RoundClock roundEnd) {
        List<Future<?>> running = new ArrayList<>();
        for (Runnable call : work) {
            running.add(pollers.submit(call));
        }
        for (Future<?> future : running) {
            try {
                long wait = Math.max(1, roundEnd.left().toMillis() + 1000);
                future.get(wait, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                future.cancel(false);
            }
        }
        if (roundEnd.left().isZero()) {
            log.warn(
                    "A poll round used its whole budget of {}; the rest waits for the next round",
                    properties.poll().roundBudget());
        }
    }

    /**
     * Reads list pages (newest first) until every due prediction has been seen or the pages are older
     * than the oldest of them; returns those not found, which are then read one by one. A final status
     * seen in a list is confirmed with a GET, which carries the complete output and metrics.
     */
    private List<Claim> refreshFromList(List<Claim> due, UpstreamWork upstream, RoundClock roundEnd) {
        Map<String, Claim> byReplicateId = new HashMap<>();
        due.forEach(claim -> byReplicateId.put(claim.prediction().replicateId(), claim));
        Instant oldest = due.stream()
                .map(Claim::prediction)
                .map(p -> p.submittedAt() != null ? p.submittedAt() : p.createdAt())
                .min(Comparator.naturalOrder())
                .orElseThrow()
                .minus(CLOCK_SKEW);
        List<Claim> confirm = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < properties.poll().maxListPages() && !byReplicateId.isEmpty(); page++) {
            Duration left = roundEnd.left();
            if (spendableReads() <= 0 || left.compareTo(Duration.ofMillis(100)) < 0) {
                break;
            }
            PredictionPage results;
            try {
                results = upstream.list(new ListWindow(oldest, null), cursor, left);
            } catch (ReplicateException e) {
                log.warn("Listing {}s failed: {}", upstream.kind().column(), e.getMessage());
                break;
            }
            boolean reachedOlder = false;
            for (ReplicatePrediction seen : results.results()) {
                Claim ours = byReplicateId.remove(seen.id());
                if (ours != null) {
                    if (seen.status() != null && seen.status().isFinal()) {
                        confirm.add(ours);
                    } else {
                        guarded(ours, roundEnd, unused -> writer.applyPolled(ours.id(), seen, upstream::pollDelay));
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
    private void cancel(Claim claim, UpstreamWork upstream, Duration timeout) {
        Prediction prediction = claim.prediction();
        boolean deadlinePassed = !claims.now().isBefore(prediction.deadlineAt());
        if (deadlinePassed) {
            writer.fail(
                    prediction.id(),
                    "Deadline of " + properties.deadline() + " exceeded; canceled on Replicate",
                    "poller");
        }
        try {
            ReplicatePrediction canceled = upstream.cancel(prediction.replicateId(), timeout);
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

    private interface Call {
        void run(Duration timeLeft);
    }

    /** The end of a round in real (monotonic) time, whatever the business clock says. */
    private record RoundClock(long endNanos) {
        Duration left() {
            long left = endNanos - System.nanoTime();
            return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
        }
    }

    private void guarded(Claim claim, RoundClock roundEnd, Call work) {
        Duration left = roundEnd.left();
        if (left.compareTo(Duration.ofMillis(100)) < 0 || !replicate.isAvailable()) {
            claims.releaseAndRetryAt(claim, claims.now());
            return;
        }
        MDC.put("prediction", claim.id());
        try {
            work.run(left);
            claims.releaseKeepingSchedule(claim);
        } catch (ReplicateNotFoundException e) {
            writer.fail(
                    claim.id(),
                    "Replicate no longer knows prediction " + claim.prediction().replicateId(),
                    "poller");
            claims.releaseAndRetryAt(claim, claims.now());
        } catch (ReplicateException e) {
            log.warn("Polling {} failed: {}", claim.id(), e.getMessage());
            claims.releaseAndRetryAt(claim, claims.now().plus(properties.poll().maxDelay()));
        } catch (RuntimeException e) {
            log.error("Unexpected failure polling {}", claim.id(), e);
            claims.releaseAndRetryAt(claim, claims.now().plus(properties.poll().maxDelay()));
        } finally {
            MDC.remove("prediction");
        }
    }

    /** Reads this round may spend: what the bucket holds now, less those kept for everything else. */
    private long spendableReads() {
        return limiter.available(UpstreamBudget.EVERYTHING_ELSE)
                - properties.poll().reservedReads();
    }

    @Override
    public void destroy() throws InterruptedException {
        pollers.shutdown();
        pollers.awaitTermination(10, TimeUnit.SECONDS);
    }
}
