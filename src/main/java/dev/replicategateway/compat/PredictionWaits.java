package dev.replicategateway.compat;

import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionChanges;
import dev.replicategateway.prediction.PredictionQueries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Holds {@code Prefer: wait} creates without holding a thread: each waits as a deferred result, answered
 * when its prediction is final or its time is up. A final state written by this instance answers at
 * once, after its commit; one written by another instance is seen by a store read every
 * {@value #TICK_MILLIS} ms, one query for every waiting request together. Nothing is asked of Replicate.
 */
@Component
class PredictionWaits implements PredictionChanges, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PredictionWaits.class);
    static final long TICK_MILLIS = 250;

    private record Waiter(DeferredResult<ResponseEntity<?>> result, Function<Prediction, ResponseEntity<?>> answer) {

        void answer(Prediction prediction) {
            result.setResult(answer.apply(prediction));
        }
    }

    private final PredictionQueries queries;
    private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prefer-wait");
        thread.setDaemon(true);
        return thread;
    });

    PredictionWaits(PredictionQueries queries) {
        this.queries = queries;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * @param done what to answer with a final prediction
     * @param unfinished what to answer when {@code wait} passed first
     */
    DeferredResult<ResponseEntity<?>> await(
            Prediction accepted,
            Duration wait,
            Function<Prediction, ResponseEntity<?>> done,
            Function<Prediction, ResponseEntity<?>> unfinished) {
        DeferredResult<ResponseEntity<?>> result = new DeferredResult<>(wait.toMillis());
        if (accepted.status().isFinal()) {
            result.setResult(done.apply(accepted));
            return result;
        }
        String id = accepted.id();
        Waiter waiter = new Waiter(result, done);
        waiting.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>()).add(waiter);
        result.onTimeout(
                () -> result.setResult(unfinished.apply(queries.findById(id).orElse(accepted))));
        result.onCompletion(() -> forget(id, waiter));
        result.onError(error -> forget(id, waiter));
        return result;
    }

    @Override
    public void changed(Prediction before, Prediction after) {
        if (!after.status().isFinal() || !waiting.containsKey(after.id())) {
            return;
        }
        PredictionChanges.afterCommit(() -> answer(after));
    }

    private void tick() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            for (Prediction prediction : queries.findAllById(List.copyOf(waiting.keySet()))) {
                if (prediction.status().isFinal()) {
                    answer(prediction);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read the predictions creates are waiting on; trying again: {}", e.getMessage());
        }
    }

    private void answer(Prediction prediction) {
        List<Waiter> waiters = waiting.remove(prediction.id());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.answer(prediction));
        }
    }

    private void forget(String id, Waiter waiter) {
        waiting.computeIfPresent(id, (key, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
