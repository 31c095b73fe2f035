package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts committed together, on each store: whatever batches they fall into, an accept that fails
 * (refused after it wrote, or refused by the store itself, which ends a PostgreSQL transaction) fails
 * alone, with nothing of it stored, and every other is stored once.
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

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @AfterEach
    void clean() {
        jdbc.sql("delete from model_owners where model like 'gc/%'").update();
    }

    @RepeatedTest(3)
    void anAcceptThatFailsFailsAloneAndEveryOtherIsStoredOnce() throws Exception {
        GroupCommit commits = new GroupCommit(transactionManager);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < ACCEPTS; i++) {
                int n = i;
                Callable<Integer> accept = () -> {
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
                        return n;
                    });
                };
                results.add(threads.submit(accept));
            }
            start.countDown();
            for (int i = 0; i < ACCEPTS; i++) {
                if (REFUSED.contains(i) || COLLIDING.contains(i)) {
                    try {
                        results.get(i).get();
                        throw new AssertionError("accept " + i + " should have failed");
                    } catch (ExecutionException failed) {
                        assertThat(failed.getCause())
                                .isInstanceOf(
                                        REFUSED.contains(i)
                                                ? IllegalStateException.class
                                                : DuplicateKeyException.class);
                    }
                } else {
                    assertThat(results.get(i).get()).isEqualTo(i);
                }
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> stored = jdbc.sql("select model from model_owners where model like 'gc/%'")
                .query(String.class)
                .list();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ACCEPTS; i++) {
            if (!REFUSED.contains(i) && !COLLIDING.contains(i)) {
                expected.add("gc/" + i);
            }
        }
        assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    }

    private void insert(String model) {
        jdbc.sql("insert into model_owners (model, owner, created_at) values (:model, 'gc', :now)")
                .param("model", model)
                .param("now", OffsetDateTime.now())
                .update();
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
