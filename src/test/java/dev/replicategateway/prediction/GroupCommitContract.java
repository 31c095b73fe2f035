package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.jdbc.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.jdbc.JdbcTest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts committed together, on each store: whatever batches they fall into, an accept that fails
 * (refused after it wrote, or refused by the store itself, which ends a PostgreSQL transaction, either
 * in its own writes or in the batch's insert of the predictions) fails alone, with nothing of it
 * stored, and every other is stored once, its prediction with its {@code queued} event.
 */
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles("test")
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class GroupCommitContract {

    private static final int ACCEPTS = 48;
    /** Refused by the work after its write, as a quota refusal is. */
    private static final Set<Integer> REFUSED = Set.of(5, 29);
    /** Refused by the store: a second row with the same key, as an Idempotency-Key collision is. */
    private static final Set<Integer> COLLIDING = Set.of(17, 40);
    /** Accepts a prediction with the id of the accept before it: the batch's insert fails, then one of the two. */
    private static final int SAME_ID = 44;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NamedParameterJdbcOperations batches;

    @Autowired
    PlatformTransactionManager transactionManager;

    @AfterEach
    void clean() {
        jdbc.sql("delete from model_owners where model like 'gc/%'").update();
        jdbc.sql("delete from prediction_events where prediction_id like 'gw_gc%'")
                .update();
        jdbc.sql("delete from predictions where id like 'gw_gc%'").update();
    }

    @RepeatedTest(3)
    void anAcceptThatFailsFailsAloneAndEveryOtherIsStoredOnce() throws Exception {
        GroupCommit commits = new GroupCommit(
                transactionManager, new PredictionRows(jdbc, batches), new PredictionEvents(jdbc, batches));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Prediction>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < ACCEPTS; i++) {
                int n = i;
                Callable<List<Prediction>> accept = () -> {
                    start.await();
                    return commits.execute(() -> {
                        insert("gc/" + n);
                        // Holds the batch's transaction a moment, so later accepts queue up behind it.
                        pause();
                        if (COLLIDING.contains(n)) {
                            insert("gc/" + n);
                        }
                        if (REFUSED.contains(n)) {
                            throw new IllegalStateException("refused " + n);
                        }
                        return List.of(prediction(n == SAME_ID ? n - 1 : n));
                    });
                };
                results.add(threads.submit(accept));
            }
            start.countDown();
            Set<Integer> failedOnTheSameId = new HashSet<>();
            for (int i = 0; i < ACCEPTS; i++) {
                if (REFUSED.contains(i) || COLLIDING.contains(i)) {
                    assertFailsWith(
                            results.get(i),
                            REFUSED.contains(i) ? IllegalStateException.class : DuplicateKeyException.class);
                } else if (i == SAME_ID - 1 || i == SAME_ID) {
                    try {
                        assertThat(results.get(i).get())
                                .extracting(Prediction::id)
                                .containsExactly(id(SAME_ID - 1));
                    } catch (ExecutionException failed) {
                        assertThat(failed.getCause()).isInstanceOf(DuplicateKeyException.class);
                        failedOnTheSameId.add(i);
                    }
                } else {
                    assertThat(results.get(i).get()).extracting(Prediction::id).containsExactly(id(i));
                }
            }
            assertThat(failedOnTheSameId).hasSize(1);
            Set<Integer> failed = new HashSet<>(REFUSED);
            failed.addAll(COLLIDING);
            failed.addAll(failedOnTheSameId);
            assertStoredAllBut(failed);
        } finally {
            threads.shutdownNow();
        }
    }

    private void assertStoredAllBut(Set<Integer> failed) {
        List<String> owners = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        for (int i = 0; i < ACCEPTS; i++) {
            if (!failed.contains(i)) {
                owners.add("gc/" + i);
                predictions.add(id(i == SAME_ID ? i - 1 : i));
            }
        }
        assertThat(jdbc.sql("select model from model_owners where model like 'gc/%'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrderElementsOf(owners);
        assertThat(jdbc.sql("select id from predictions where id like 'gw_gc%'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrderElementsOf(predictions);
        assertThat(jdbc.sql("select prediction_id from prediction_events where prediction_id like 'gw_gc%'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrderElementsOf(predictions);
    }

    private static void assertFailsWith(Future<?> result, Class<? extends Throwable> type) throws Exception {
        try {
            result.get();
            throw new AssertionError("the accept should have failed with " + type.getSimpleName());
        } catch (ExecutionException failed) {
            assertThat(failed.getCause()).isInstanceOf(type);
        }
    }

    private void insert(String model) {
        jdbc.sql("insert into model_owners (model, owner, created_at) values (:model, 'gc', :now)")
                .param("model", model)
                .param("now", OffsetDateTime.now())
                .update();
    }

    private static String id(int n) {
        return "gw_gc" + n;
    }

    private static Prediction prediction(int n) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Prediction.queued(id(n), WorkKind.PREDICTION, "gc/model", Map.of("n", n), now)
                .owner("gc")
                .deadlineAt(now.plusSeconds(600))
                .build();
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
