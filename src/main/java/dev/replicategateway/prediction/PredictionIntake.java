package dev.replicategateway.prediction;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.common.OptionalBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepts predictions: stores them {@code queued} (committed before the caller hears "accepted") so
 * the submitter can create them. Concurrent accepts share one commit ({@link GroupCommit}), which
 * inserts their rows together; one that fails fails alone. An Idempotency-Key is written in the same
 * transaction: concurrent duplicates collide on its unique key and get the first request's predictions
 * back.
 */
@Service
public class PredictionIntake {

    private static final Logger log = LoggerFactory.getLogger(PredictionIntake.class);
    private static final int MAX_COLLISIONS = 50;

    /** What was accepted; {@code replayed} when an Idempotency-Key returned an earlier request's predictions. */
    public record Accepted(List<Prediction> predictions, boolean replayed) {}

    private final PredictionRows rows;
    private final PredictionEvents eventLog;
    private final IdempotencyKeys idempotencyKeys;
    private final TransactionTemplate transactions;
    private final GroupCommit groupCommit;
    private final LifecycleProperties properties;
    private final PredictionMetrics metrics;
    private final OptionalBean<Admission> admission;

    private final OptionalBean<KeptOutputs> keptOutputs;
    private final PredictionStateWriter writer;
    private final Clock clock;
    private final PredictionIds ids = new PredictionIds();

    PredictionIntake(
            PredictionRows rows,
            PredictionEvents eventLog,
            IdempotencyKeys idempotencyKeys,
            TransactionTemplate transactions,
            GroupCommit groupCommit,
            LifecycleProperties properties,
            PredictionMetrics metrics,
            ObjectProvider<Admission> admission,
            ObjectProvider<KeptOutputs> keptOutputs,
            PredictionStateWriter writer,
            Clock clock) {
        this.rows = rows;
        this.eventLog = eventLog;
        this.idempotencyKeys = idempotencyKeys;
        this.transactions = transactions;
        this.groupCommit = groupCommit;
        this.properties = properties;
        this.metrics = metrics;
        this.admission = OptionalBean.of(admission);
        this.keptOutputs = OptionalBean.of(keptOutputs);
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * Stores {@code items} for {@code owner}.
     *
     * @param idempotencyKey the caller's key, or null
     * @param requestHash fingerprint of the request, compared when the key was seen before
     * @param deadline how long they may take in all; null for the configured deadline
     * @throws IdempotencyKeyReusedException when the key came before with another request
     */
    public Accepted accept(
            Caller caller, List<NewPrediction> items, String idempotencyKey, String requestHash, Duration deadline) {
        return accept(caller, items, idempotencyKey, requestHash, deadline, stored -> {});
    }

    /**
     * Like {@link #accept(Caller, List, String, String, Duration)}, running {@code alsoStore} in the same
     * transaction, for what a feature keeps beside the predictions (a training's destination).
     */
    public Accepted accept(
            Caller caller,
            List<NewPrediction> items,
            String idempotencyKey,
            String requestHash,
            Duration deadline,
            Consumer<List<Prediction>> alsoStore) {
        String scopedKey = scoped(caller, idempotencyKey);
        for (int attempt = 0; attempt < MAX_COLLISIONS; attempt++) {
            if (scopedKey != null) {
                Optional<Accepted> replay = replayScoped(caller.name(), scopedKey, requestHash);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            try {
                List<Prediction> stored = groupCommit.execute(() -> {
                    List<Prediction> accepted = store(caller, items, scopedKey, requestHash, deadline);
                    alsoStore.accept(accepted);
                    return accepted;
                });
                stored.forEach(p -> metrics.accepted(p.kind(), p.model()));
                return new Accepted(stored, false);
            } catch (DuplicateKeyException | PessimisticLockingFailureException collision) {
                // Another request with this key is committing; its row is read on the next turn.
                log.debug("Idempotency key collision for {}; reading the winner", caller.name());
                sleepBriefly(attempt);
            }
        }
        throw new IllegalStateException("Idempotency key kept colliding; try again");
    }

    /**
     * Whether {@code items} would be admitted now (quotas, budgets, allow-lists), without taking
     * anything: run before a step that is costly to undo, such as an upload.
     *
     * @throws dev.replicategateway.web.ApiProblem when they would be refused
     */
    public void check(Caller caller, List<NewPrediction> items) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Admission check = admission.get();
        if (check != null) {
            transactions.executeWithoutResult(tx -> {
                tx.setRollbackOnly();
                check.admit(caller.name(), caller.user(), items, now);
            });
        }
    }

    /**
     * Accepts {@code item} answered at once from {@code source}'s kept result: stored succeeded, at no
     * cost, serving {@code source}'s copies; nothing is sent to Replicate.
     */
    public Accepted acceptCached(
            Caller caller,
            NewPrediction item,
            Prediction source,
            String idempotencyKey,
            String requestHash,
            Consumer<List<Prediction>> alsoStore) {
        NewPrediction free =
                new NewPrediction(item.kind(), item.model(), item.input(), 0, item.inputHash(), item.callerWebhook());
        String scopedKey = scoped(caller, idempotencyKey);
        if (scopedKey != null) {
            Optional<Accepted> replay = replayScoped(caller.name(), scopedKey, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        Prediction stored = transactions.execute(tx -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Admission check = admission.get();
            if (check != null) {
                check.admit(caller.name(), caller.user(), List.of(free), now);
            }
            Prediction cached = Prediction.queued(ids.next(now), free.kind(), free.model(), free.input(), now)
                    .owner(caller.name())
                    .user(caller.user())
                    .estimatedCost(0.0)
                    .cost(0.0)
                    .inputHash(free.inputHash())
                    .callerWebhook(free.callerWebhook())
                    .cachedFrom(source.id())
                    .status(PredictionStatus.SUCCEEDED)
                    .output(source.output())
                    .progress(1.0)
                    .completedAt(now)
                    .deadlineAt(now)
                    .build();
            if (scopedKey != null) {
                idempotencyKeys.insert(caller.name(), scopedKey, requestHash, List.of(cached.id()), now);
            }
            rows.insert(cached);
            eventLog.appendAccepted(List.of(cached));
            eventLog.append(cached.id(), PredictionStatus.SUCCEEDED, 1.0, "cache", "result of " + source.id(), now);
            KeptOutputs kept = keptOutputs.get();
            if (kept != null) {
                kept.reuse(source, cached);
            }
            alsoStore.accept(List.of(cached));
            writer.changed(null, cached);
            return cached;
        });
        metrics.accepted(stored.kind(), stored.model());
        log.info("Prediction {} answered from the kept result of {}", stored.id(), source.id());
        return new Accepted(List.of(stored), false);
    }

    /** The predictions an earlier request with this key made, if there was one (and it was the same request). */
    public Optional<Accepted> replay(Caller caller, String key, String requestHash) {
        return key == null ? Optional.empty() : replayScoped(caller.name(), scoped(caller, key), requestHash);
    }

    /** An end user's keys are their own: two users of one caller may send the same key. */
    private static String scoped(Caller caller, String key) {
        return key == null || caller.user() == null ? key : caller.user() + "\u0000" + key;
    }

    private Optional<Accepted> replayScoped(String owner, String key, String requestHash) {
        return idempotencyKeys.find(owner, key).map(entry -> {
            if (!entry.requestHash().equals(requestHash)) {
                throw new IdempotencyKeyReusedException(key.substring(key.indexOf('\u0000') + 1));
            }
            Map<String, Prediction> found = rows.findAllById(entry.predictionIds()).stream()
                    .collect(Collectors.toMap(Prediction::id, Function.identity()));
            List<Prediction> ordered = new ArrayList<>();
            for (String id : entry.predictionIds()) {
                Optional.ofNullable(found.get(id)).ifPresent(ordered::add);
            }
            return new Accepted(ordered, true);
        });
    }

    private List<Prediction> store(
            Caller caller, List<NewPrediction> items, String key, String requestHash, Duration deadline) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Admission check = admission.get();
        if (check != null) {
            check.admit(caller.name(), caller.user(), items, now);
        }
        List<Prediction> stored = new ArrayList<>();
        for (NewPrediction item : items) {
            stored.add(Prediction.queued(ids.next(now), item.kind(), item.model(), item.input(), now)
                    .owner(caller.name())
                    .user(caller.user())
                    .estimatedCost(item.estimatedCost())
                    .inputHash(item.inputHash())
                    .callerWebhook(item.callerWebhook())
                    .deadlineAt(now.plus(deadline == null ? properties.deadline() : deadline))
                    .build());
        }
        if (key != null) {
            idempotencyKeys.insert(
                    caller.name(),
                    key,
                    requestHash,
                    stored.stream().map(Prediction::id).toList(),
                    now);
        }
        // Inserted by the group commit, with the rest of the batch's.
        return stored;
    }

    private static void sleepBriefly(int attempt) {
        try {
            Thread.sleep(5L + attempt * 5L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
