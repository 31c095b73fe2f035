package dev.replicategateway.prediction;

import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateThrottledException;
import dev.replicategateway.replicate.ReplicateUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Creates queued predictions on Replicate, each exactly once. Before a create is sent the row is marked
 * "outcome unknown" (committed): if the answer is lost, or the process dies, the next attempt first
 * looks for the prediction in Replicate's list and adopts it, and only creates again when it is not
 * there. Creates that certainly did not happen (429, refused connection) are simply retried later.
 */
@Service
class Submitter implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Submitter.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final WorkClaims claims;
    private final PredictionRepository repository;
    private final PredictionStateWriter writer;
    private final UpstreamKinds upstreams;
    private final LostCreateFinder lostCreates;
    private final CreateOptionsFactory createOptions;
    private final UpstreamEvents events;
    private final LifecycleProperties properties;
    private final ExecutorService workers;

    Submitter(
            WorkClaims claims,
            PredictionRepository repository,
            PredictionStateWriter writer,
            UpstreamKinds upstreams,
            LostCreateFinder lostCreates,
            CreateOptionsFactory createOptions,
            UpstreamEvents events,
            LifecycleProperties properties) {
        this.claims = claims;
        this.repository = repository;
        this.writer = writer;
        this.upstreams = upstreams;
        this.lostCreates = lostCreates;
        this.createOptions = createOptions;
        this.events = events;
        this.properties = properties;
        this.workers = Executors.newFixedThreadPool(properties.submit().concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "submitter");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Claims due queued rows and submits them; returns how many were handled. */
    int submitDue() {
        int handled = 0;
        for (UpstreamKind upstream : upstreams.all()) {
            List<Prediction> claimed = claims.claim(
                    Set.of(PredictionStatus.QUEUED),
                    upstream.kind(),
                    properties.submit().batchSize());
            List<Future<?>> running = new ArrayList<>();
            for (Prediction prediction : claimed) {
                running.add(workers.submit(() -> submitSafely(prediction, upstream)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return handled;
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("Submitter task failed", e.getCause());
                }
            }
            handled += claimed.size();
        }
        return handled;
    }

    private void submitSafely(Prediction prediction, UpstreamKind upstream) {
        MDC.put("prediction", prediction.id());
        try {
            submit(prediction, upstream);
        } catch (ReplicateException e) {
            // Reconciliation or cancel failed: nothing was created by us in this attempt; look again later.
            log.warn("Could not submit {} yet: {}", prediction.id(), e.getMessage());
            claims.release(prediction.id(), claims.now().plus(backoff(prediction.submitAttempts())));
        } catch (RuntimeException e) {
            log.error("Unexpected failure submitting {}", prediction.id(), e);
            claims.release(prediction.id(), claims.now().plus(backoff(prediction.submitAttempts())));
        } finally {
            MDC.remove("prediction");
        }
    }

    void submit(Prediction prediction, UpstreamKind upstream) {
        Instant now = claims.now();
        if (prediction.outcomeUnknown()) {
            Instant lookAt = prediction.submitSentAt().plus(properties.submit().reconcileAfter());
            if (now.isBefore(lookAt) && !prediction.cancelRequested() && now.isBefore(prediction.deadlineAt())) {
                claims.release(prediction.id(), lookAt);
                return;
            }
            Optional<ReplicatePrediction> adopted = lostCreates.find(prediction, upstream);
            if (adopted.isPresent()) {
                log.info(
                        "Adopted {} for {}: its create had been answered with no reply",
                        adopted.get().id(),
                        prediction.id());
                recordCreated(prediction, adopted.get(), now);
                return;
            }
        }
        if (prediction.cancelRequested()) {
            end(prediction, PredictionStatus.CANCELED, "Canceled before it was sent to Replicate", now);
            return;
        }
        if (!now.isBefore(prediction.deadlineAt())) {
            end(
                    prediction,
                    PredictionStatus.FAILED,
                    "Not sent to Replicate before its deadline of " + properties.deadline()
                            + " (Replicate unreachable or throttling)",
                    now);
            return;
        }
        if (!repository.markSending(prediction.id(), claims.instanceId(), now)) {
            return; // lost the lease to another instance
        }
        try {
            ReplicatePrediction created = upstream.create(prediction, createOptions.forCreate(prediction, now));
            recordCreated(prediction, created, claims.now());
        } catch (ReplicateThrottledException e) {
            Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff(prediction.submitAttempts() + 1);
            repository.markNotSent(
                    prediction.id(), claims.instanceId(), claims.now().plus(wait), e.getMessage(), claims.now());
        } catch (ReplicateUnavailableException e) {
            if (e.requestSent()) {
                log.warn(
                        "Create of {} has an unknown outcome ({}); will reconcile before any new create",
                        prediction.id(),
                        e.getMessage());
                claims.release(
                        prediction.id(), claims.now().plus(properties.submit().reconcileAfter()));
            } else {
                repository.markNotSent(
                        prediction.id(),
                        claims.instanceId(),
                        claims.now().plus(backoff(prediction.submitAttempts() + 1)),
                        e.getMessage(),
                        claims.now());
            }
        } catch (ReplicateException e) {
            // 4xx other than 429: a repeat would be refused the same way.
            end(prediction, PredictionStatus.FAILED, e.getMessage(), claims.now());
        }
    }

    private void recordCreated(Prediction prediction, ReplicatePrediction created, Instant now) {
        PredictionStatus status = created.status() == null || created.status().isFinal()
                ? PredictionStatus.STARTING
                : PredictionStatus.of(created.status());
        Instant firstPoll = now.plus(upstreams.of(prediction.kind()).pollDelay(0));
        if (repository.recordSubmitted(prediction.id(), created.id(), status, now, firstPoll)) {
            repository.appendEvent(prediction.id(), status, null, "submitter", "replicate_id=" + created.id(), now);
            log.info("Prediction {} created on Replicate as {}", prediction.id(), created.id());
            writer.applyUpstream(prediction.id(), created, "submitter");
            events.replayParked(prediction.id(), created.id());
        }
    }

    private void end(Prediction prediction, PredictionStatus status, String error, Instant now) {
        writer.endQueued(prediction.id(), status, error, now);
    }

    private Duration backoff(int attempts) {
        Duration wait = properties.submit().retryBackoff().multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 16));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    @Override
    public void destroy() throws InterruptedException {
        // Creates under way finish (their outcome is recorded); nothing new starts.
        workers.shutdown();
        if (!workers.awaitTermination(20, java.util.concurrent.TimeUnit.SECONDS)) {
            log.warn(
                    "Creates still running at shutdown; their rows stay 'outcome unknown' and are reconciled on restart");
        }
    }
}
