package dev.replicategateway.prediction;

import dev.replicategateway.pricing.Prices;
import dev.replicategateway.replicate.ReplicateInvalidInputException;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a stored prediction changes state after submission. Each change is a compare-and-set on
 * the row (so a webhook and a poll racing each other cannot lose an update) and, when status or
 * progress moved, an event row in the same transaction. Listeners of final states run inside that
 * transaction, each behind a savepoint: a listener that fails cannot undo the recorded result.
 */
@Component
class PredictionStateWriter {

    private static final Logger log = LoggerFactory.getLogger(PredictionStateWriter.class);
    private static final int MAX_RACES = 8;

    private final PredictionRows rows;
    private final StateUpdates updates;
    private final PredictionEvents eventLog;
    private final TransactionTemplate transactions;
    private final TransactionTemplate savepoints;
    private final LifecycleProperties properties;
    private final PredictionMetrics metrics;
    private final Prices prices;
    private final List<FinalStateListener> finalStateListeners;
    private final List<InputRejections> inputRejections;
    private final List<PredictionChanges> changeListeners;
    private final Clock clock;

    PredictionStateWriter(
            PredictionRows rows,
            StateUpdates updates,
            PredictionEvents eventLog,
            PlatformTransactionManager transactionManager,
            LifecycleProperties properties,
            PredictionMetrics metrics,
            Prices prices,
            List<FinalStateListener> finalStateListeners,
            List<InputRejections> inputRejections,
            List<PredictionChanges> changeListeners,
            Clock clock) {
        this.rows = rows;
        this.updates = updates;
        this.eventLog = eventLog;
        this.transactions = new TransactionTemplate(transactionManager);
        this.savepoints = new TransactionTemplate(transactionManager);
        this.savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.properties = properties;
        this.metrics = metrics;
        this.prices = prices;
        this.finalStateListeners = finalStateListeners;
        this.inputRejections = inputRejections;
        this.changeListeners = changeListeners;
        this.clock = clock;
    }

    /** Folds an upstream snapshot into the stored prediction; {@code source} names who brought it. */
    public Optional<Prediction> applyUpstream(String id, ReplicatePrediction upstream, String source) {
        return change(id, source, current -> Transitions.merge(current, upstream, properties.logsTail(), now()));
    }

    /** Like {@link #applyUpstream} for a poll: also schedules the next poll, {@code delayAfter(polls)} later. */
    Optional<Prediction> applyPolled(String id, ReplicatePrediction upstream, IntFunction<Duration> delayAfter) {
        return change(id, "poller", current -> {
            Instant now = now();
            Prediction merged = Transitions.merge(current, upstream, properties.logsTail(), now);
            int polls = current.pollCount() + 1;
            return Transitions.rescheduled(merged, polls, now.plus(delayAfter.apply(polls)), now);
        });
    }

    Optional<Prediction> reschedule(String id, Instant nextAttemptAt) {
        return change(
                id, "poller", current -> Transitions.rescheduled(current, current.pollCount(), nextAttemptAt, now()));
    }

    Optional<Prediction> fail(String id, String error, String source) {
        return change(
                id, source, current -> current.status().isFinal() ? current : Transitions.fail(current, error, now()));
    }

    /** Ends a prediction that never reached Replicate: canceled while queued, or unsent by its deadline. */
    void endQueued(String id, PredictionStatus status, String error, Instant now) {
        transactions.executeWithoutResult(tx -> {
            if (!updates.finishQueued(id, status, error, now)) {
                return;
            }
            eventLog.append(id, status, null, "submitter", error, now);
            log.info("Prediction {} ended {} before submission: {}", id, status.wireName(), error);
            Prediction ended = rows.findById(id).orElseThrow();
            ended(ended);
            changed(null, ended);
        });
    }

    /**
     * Records that a send created the prediction upstream (its row already carries the Replicate id),
     * then folds in what the create answered.
     */
    void attached(Prediction queued, ReplicatePrediction created, PredictionStatus firstStatus, String detail) {
        transactions.executeWithoutResult(tx -> {
            eventLog.append(queued.id(), firstStatus, null, "submitter", detail, now());
            rows.findById(queued.id()).ifPresent(sent -> changed(queued, sent));
        });
        applyUpstream(queued.id(), created, "submitter");
    }

    /** Tells the change listeners, each behind a savepoint of the current transaction. */
    void changed(Prediction before, Prediction after) {
        for (PredictionChanges listener : changeListeners) {
            try {
                savepoints.executeWithoutResult(savepoint -> listener.changed(before, after));
            } catch (RuntimeException e) {
                log.error("A change listener failed on {}; the change stands", after.id(), e);
            }
        }
    }

    /** Replicate refused the input (422): a repeat would be refused the same way. */
    void rejectedInput(Prediction prediction, ReplicateInvalidInputException rejection) {
        String fields = rejection.invalidFields().isEmpty() ? "" : " " + rejection.invalidFields();
        endQueued(prediction.id(), PredictionStatus.FAILED, rejection.getMessage() + fields, now());
        inputRejections.forEach(listener -> listener.rejected(prediction));
    }

    /** Counts a prediction that just became final and tells the listeners, in the transaction that ended it. */
    private void ended(Prediction prediction) {
        metrics.finished(prediction);
        for (FinalStateListener listener : finalStateListeners) {
            try {
                savepoints.executeWithoutResult(savepoint -> listener.onFinal(prediction));
            } catch (RuntimeException e) {
                log.error("A listener failed on the final state of {}; the state stands", prediction.id(), e);
            }
        }
    }

    private Optional<Prediction> change(String id, String source, UnaryOperator<Prediction> change) {
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<Prediction> result = transactions.execute(tx -> {
                Prediction current = rows.findById(id).orElse(null);
                if (current == null) {
                    return Optional.<Prediction>empty();
                }
                Prediction next = change.apply(current);
                if (next == current) {
                    return Optional.of(current);
                }
                if (next.status().isFinal() && !current.status().isFinal()) {
                    next = next.toBuilder().cost(costOf(next)).build();
                }
                if (!updates.compareAndSet(current, next)) {
                    return null;
                }
                if (next.status() != current.status() || !Objects.equals(next.progress(), current.progress())) {
                    eventLog.append(id, next.status(), next.progress(), source, next.error(), next.updatedAt());
                }
                changed(current, next);
                if (next.status() != current.status()) {
                    log.info(
                            "Prediction {} {} -> {} ({})",
                            id,
                            current.status().wireName(),
                            next.status().wireName(),
                            source);
                    if (next.status().isFinal()) {
                        ended(next);
                    }
                }
                return Optional.of(next);
            });
            if (result != null) {
                return result;
            }
        }
        throw new IllegalStateException("Prediction " + id + " kept changing under us; giving up this update");
    }

    /** What a finished run cost: its images or billed seconds at its model's price. */
    private double costOf(Prediction finished) {
        int images = finished.kind() == WorkKind.PREDICTION
                ? OutputUrls.of(finished.output()).size()
                : 0;
        if (finished.startedAt() == null && finished.predictTime() == null && images == 0) {
            return 0; // never ran: Replicate does not charge it
        }
        return prices.cost(finished.model(), finished.input(), finished.predictTime(), images);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
