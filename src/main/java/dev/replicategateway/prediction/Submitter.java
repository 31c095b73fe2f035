package dev.replicategateway.prediction;

import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateInvalidInputException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateThrottledException;
import dev.replicategateway.replicate.ReplicateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Creates queued predictions on Replicate, each exactly once:
 *
 * <ol>
 *   <li>the create's budget is taken <em>before</em> the send is marked, so no wait for budget happens
 *       with a send marked;
 *   <li>the send is marked "outcome unknown" (committed) under this claim's token;
 *   <li>the create is one call, bounded well inside the lease the row was claimed under, so it cannot
 *       run on after another instance may claim the row;
 *   <li>its answer is recorded only if this claim's send is still the row's latest; otherwise the new
 *       upstream prediction is an orphan and is canceled at once.
 * </ol>
 *
 * If the answer is lost (timeout, 5xx, crash), the next attempt searches Replicate's list for the send's
 * window and adopts what it finds; it creates again only when the search read the whole window and
 * found nothing. Creates that certainly did not happen (429, refused connection) are simply retried later.
 */
@Service
class Submitter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    /** A create is not sent with less time than this left for it inside its lease. */
    private static final Duration SHORTEST_CREATE = Duration.ofSeconds(1);

    private final WorkClaims claims;
    private final SubmissionRecords submissions;
    private final PredictionRows rows;
    private final PredictionStateWriter writer;
    private final UpstreamWorks upstreams;
    private final LostCreateSearch lostCreates;
    private final Orphans orphans;
    private final CreateOptionsFactory createOptions;
    private final UpstreamEvents events;
    private final UpstreamRateLimiter limiter;
    private final ReplicateService replicate;
    private final LifecycleProperties properties;
    private final ExecutorService workers;

    Submitter(
            WorkClaims claims,
            SubmissionRecords submissions,
            PredictionRows rows,
            PredictionStateWriter writer,
            UpstreamWorks upstreams,
            LostCreateSearch lostCreates,
            Orphans orphans,
            CreateOptionsFactory createOptions,
            UpstreamEvents events,
            UpstreamRateLimiter limiter,
            ReplicateService replicate,
            LifecycleProperties properties) {
        this.claims = claims;
        this.submissions = submissions;
        this.rows = rows;
        this.writer = writer;
        this.upstreams = upstreams;
        this.lostCreates = lostCreates;
        this.orphans = orphans;
        this.createOptions = createOptions;
        this.events = events;
        this.limiter = limiter;
        this.replicate = replicate;
        this.properties = properties;
        this.workers = Executors.newFixedThreadPool(properties.submit().concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "submitter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Claims due queued rows and submits them; returns how many were handled. */
    int submitDue() {
        if (!replicate.isAvailable()) {
            return 0; // Replicate is failing: wait for the circuit breaker to let probes through
        }
        int handled = 0;
        for (UpstreamWork upstream : upstreams.all()) {
            List<Claim> claimed = claims.claim(
                    Set.of(PredictionStatus.QUEUED),
                    upstream.kind(),
                    properties.submit().batchSize());
            List<Future<?>> running = new ArrayList<>();
            for (Claim claim : claimed) {
                running.add(workers.submit(() -> submitSafely(claim, upstream)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return handled;
                } catch (ExecutionException e) {
                    log.error("Submitter task failed", e.getCause());
                }
            }
            handled += claimed.size();
        }
        return handled;
    }

    private void submitSafely(Claim claim, UpstreamWork upstream) {
        MDC.put("prediction", claim.id());
        try {
            submit(claim, upstream);
        } catch (ReplicateException e) {
            // A preparation or a budget wait failed: nothing was sent in this attempt.
            log.warn("Could not submit {} yet: {}", claim.id(), e.getMessage());
            claims.releaseAndRetryAt(
                    claim, claims.now().plus(backoff(claim.prediction().submitAttempts())));
        } catch (RuntimeException e) {
            log.error("Unexpected failure submitting {}", claim.id(), e);
            claims.releaseAndRetryAt(
                    claim, claims.now().plus(backoff(claim.prediction().submitAttempts())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            claims.releaseAndRetryAt(claim, claims.now());
        } finally {
            MDC.remove("prediction");
        }
    }

    void submit(Claim claim, UpstreamWork upstream) throws InterruptedException {
        Prediction prediction = claim.prediction();
        Instant now = claims.now();
        if (prediction.outcomeUnknown() && !reconciled(claim, upstream, now)) {
            return;
        }
        if (prediction.cancelRequested()) {
            writer.endQueued(
                    prediction.id(), PredictionStatus.CANCELED, "Canceled before it was sent to Replicate", now);
            return;
        }
        if (!now.isBefore(prediction.deadlineAt())) {
            writer.endQueued(
                    prediction.id(),
                    PredictionStatus.FAILED,
                    "Not sent to Replicate before its deadline of " + properties.deadline()
                            + " (Replicate unreachable or throttling)",
                    now);
            return;
        }
        upstream.prepare(prediction);
        // Wait for the budget only as long as leaves a create its shortest time limit, so that a token
        // taken is a create sent, not a claim given back.
        Duration leaseLeft = claims.leaseLeft(claim);
        Duration spare = leaseLeft.minus(properties.leaseMargin()).minus(SHORTEST_CREATE);
        if (spare.isNegative() || spare.isZero()) {
            claims.releaseAndRetryAt(claim, claims.now()); // claimed again at once, with a fresh lease
            return;
        }
        Duration budgetWait = leaseLeft.dividedBy(4);
        if (!limiter.acquire(upstream.createBudget(), spare.compareTo(budgetWait) < 0 ? spare : budgetWait)) {
            Duration paused = limiter.pauseRemaining(upstream.createBudget());
            claims.releaseAndRetryAt(
                    claim,
                    claims.now().plus(paused.isZero() ? properties.submit().interval() : paused));
            return;
        }
        Duration timeLeft = claims.leaseLeft(claim).minus(properties.leaseMargin());
        if (timeLeft.compareTo(SHORTEST_CREATE) < 0) {
            claims.releaseAndRetryAt(claim, claims.now()); // claimed again at once, with a fresh lease
            return;
        }
        if (!submissions.markSending(prediction.id(), claim.token(), claims.now())) {
            return; // lost the lease to another instance
        }
        send(claim, upstream, timeLeft);
    }

    private void send(Claim claim, UpstreamWork upstream, Duration timeLeft) {
        Prediction prediction = claim.prediction();
        try {
            var options = createOptions.forCreate(prediction, claims.now()).boundedAndPrepaid(timeLeft);
            ReplicatePrediction created = upstream.create(prediction, options);
            record(claim, upstream, created);
        } catch (ReplicateThrottledException e) {
            // The service paused the budget for what Replicate asked, cut to the longest pause allowed.
            Duration paused = limiter.pauseRemaining(upstream.createBudget());
            Duration wait = paused.isZero() ? backoff(prediction.submitAttempts() + 1) : paused;
            submissions.markNotSent(
                    prediction.id(), claim.token(), claims.now().plus(wait), e.getMessage(), claims.now());
        } catch (ReplicateUnavailableException e) {
            if (e.requestSent()) {
                log.warn(
                        "Create of {} has an unknown outcome ({}); will reconcile before any new create",
                        prediction.id(),
                        e.getMessage());
                claims.releaseAndRetryAt(
                        claim, claims.now().plus(properties.submit().reconcileAfter()));
            } else {
                Duration wait = backoff(prediction.submitAttempts() + 1);
                submissions.markNotSent(
                        prediction.id(), claim.token(), claims.now().plus(wait), e.getMessage(), claims.now());
            }
        } catch (ReplicateInvalidInputException e) {
            writer.rejectedInput(prediction, e);
        } catch (ReplicateException e) {
            // 4xx other than 429: a repeat would be refused the same way.
            writer.endQueued(prediction.id(), PredictionStatus.FAILED, e.getMessage(), claims.now());
        }
    }

    /**
     * Settles a send whose outcome is unknown: adopts what it created, or decides it created nothing.
     * True when the row may now be created (again); false when it was settled or must wait.
     */
    private boolean reconciled(Claim claim, UpstreamWork upstream, Instant now) {
        Prediction prediction = claim.prediction();
        Instant lookAt = prediction.submitSentAt().plus(properties.submit().reconcileAfter());
        if (now.isBefore(lookAt) && !prediction.cancelRequested() && now.isBefore(prediction.deadlineAt())) {
            claims.releaseAndRetryAt(claim, lookAt);
            return false;
        }
        var outcome = lostCreates.search(
                prediction, upstream, now, claims.leaseLeft(claim).minus(properties.leaseMargin()));
        if (outcome instanceof LostCreateSearch.Found found) {
            log.info(
                    "Adopted {} for {}: its create had been answered with no reply",
                    found.created().id(),
                    prediction.id());
            adopt(claim, upstream, found);
            return false;
        }
        if (outcome instanceof LostCreateSearch.Inconclusive inconclusive) {
            if (!now.isBefore(prediction.deadlineAt())) {
                writer.endQueued(
                        prediction.id(),
                        PredictionStatus.FAILED,
                        "Outcome of its create still unknown at the deadline (" + inconclusive.why()
                                + "); Replicate stops it at the same deadline",
                        now);
            } else {
                log.warn(
                        "Search for the lost create of {} was inconclusive ({}); searching again later",
                        prediction.id(),
                        inconclusive.why());
                claims.releaseAndRetryAt(claim, now.plus(properties.submit().reconcileAfter()));
            }
            return false;
        }
        return true;
    }

    private void record(Claim claim, UpstreamWork upstream, ReplicatePrediction created) {
        Prediction prediction = claim.prediction();
        Instant now = claims.now();
        boolean recorded;
        try {
            recorded = submissions.recordCreated(
                    prediction.id(), claim.token(), created.id(), firstStatus(created), now, firstPoll(upstream, now));
        } catch (DuplicateKeyException adoptedByAnother) {
            // Another row of the same input found it while its answer was on the way, and adopted it:
            // it is attached (not an orphan), and this row's send is still unknown, to be looked for again.
            log.info("{} was adopted by another row before its answer reached {}", created.id(), prediction.id());
            claims.releaseAndRetryAt(claim, now.plus(properties.submit().reconcileAfter()));
            return;
        }
        if (recorded) {
            attached(prediction, created, "replicate_id=" + created.id());
        } else {
            unattached(prediction, upstream, created, "its send was overtaken or the row ended meanwhile");
        }
    }

    private void adopt(Claim claim, UpstreamWork upstream, LostCreateSearch.Found found) {
        Prediction prediction = claim.prediction();
        Instant now = claims.now();
        ReplicatePrediction created = found.created();
        boolean recorded;
        try {
            recorded = submissions.recordAdopted(
                    prediction.id(), claim.token(), created.id(), firstStatus(created), now, firstPoll(upstream, now));
        } catch (DuplicateKeyException takenBySibling) {
            log.info(
                    "{} was adopted by another row of the same input; {} searches again",
                    created.id(),
                    prediction.id());
            claims.releaseAndRetryAt(claim, now);
            return;
        }
        if (recorded) {
            attached(prediction, created, "adopted replicate_id=" + created.id());
        } else if (rows.findById(prediction.id())
                .map(p -> p.status() != PredictionStatus.QUEUED)
                .orElse(true)) {
            unattached(prediction, upstream, created, "the row was settled while it was found");
        }
        if (found.duplicates().isEmpty()) {
            return;
        }
        // Siblings first, then whether the duplicate is known: a sibling adopting it in between is seen.
        if (rows.queuedWithUnknownOutcome(prediction).isEmpty()) {
            for (ReplicatePrediction duplicate : found.duplicates()) {
                if (!rows.isReplicateIdKnown(duplicate.id())) {
                    orphans.cancel(
                            upstream.kind(), duplicate.id(), prediction, "a duplicate create of the same request");
                }
            }
        } else {
            log.warn(
                    "{} duplicates of {}'s create left alone: another row of the same input may own them",
                    found.duplicates().size(),
                    prediction.id());
        }
    }

    private void attached(Prediction prediction, ReplicatePrediction created, String detail) {
        log.info("Prediction {} created on Replicate as {}", prediction.id(), created.id());
        writer.attached(prediction, created, firstStatus(created), detail);
        events.replayParked(prediction.id(), created.id());
    }

    /** Created upstream, but the row has another (or no) upstream id now: cancel it unless it is the row's. */
    private void unattached(Prediction prediction, UpstreamWork upstream, ReplicatePrediction created, String why) {
        String attachedNow =
                rows.findById(prediction.id()).map(Prediction::replicateId).orElse(null);
        if (!created.id().equals(attachedNow)) {
            orphans.cancel(upstream.kind(), created.id(), prediction, why);
        }
    }

    private static PredictionStatus firstStatus(ReplicatePrediction created) {
        return created.status() == null || created.status().isFinal()
                ? PredictionStatus.STARTING
                : PredictionStatus.of(created.status());
    }

    private static Instant firstPoll(UpstreamWork upstream, Instant now) {
        return now.plus(upstream.pollDelay(0));
    }

    /** The wait after {@code failedSends} sends that did not create (the first waits the initial backoff). */
    private Duration backoff(int failedSends) {
        return properties.submit().backoff().delay(failedSends);
    }

    @Override
    public void destroy() throws InterruptedException {
        // Creates under way finish (their outcome is recorded); nothing new starts.
        workers.shutdown();
        if (!workers.awaitTermination(20, TimeUnit.SECONDS)) {
            log.warn(
                    "Creates still running at shutdown; their rows stay 'outcome unknown' and are reconciled on restart");
        }
    }
}
