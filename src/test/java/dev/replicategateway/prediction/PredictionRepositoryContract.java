package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the store must guarantee on every database it runs on: leases, SKIP LOCKED claims, optimistic
 * updates, keyset pages and the unique constraints behind idempotency.
 */
@Transactional(propagation = Propagation.NOT_SUPPORTED)
abstract class PredictionRepositoryContract {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    PredictionRepository repository;
    IdempotencyKeys idempotencyKeys;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void emptyStore() {
        repository = new PredictionRepository(jdbc);
        idempotencyKeys = new IdempotencyKeys(jdbc);
        jdbc.sql("delete from prediction_events").update();
        jdbc.sql("delete from idempotency_keys").update();
        jdbc.sql("delete from predictions").update();
    }

    @Test
    void storedPredictionReadsBackUnchanged() {
        Prediction p = queued("gw_a", now);
        repository.insert(p);
        Prediction read = repository.findById("gw_a").orElseThrow();
        assertThat(read.input()).isEqualTo(Map.of("prompt", "ünïcødé 🦊", "num_outputs", 2));
        assertThat(read.createdAt()).isEqualTo(now);
        assertThat(read.status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(read.progress()).isNull();
    }

    @Test
    void aLiveLeaseKeepsOtherInstancesOutUntilItExpires() {
        repository.insert(queued("gw_a", now));
        assertThat(repository.lease("gw_a", "one", now, now.plusSeconds(60))).isTrue();
        assertThat(repository.lease("gw_a", "two", now.plusSeconds(30), now.plusSeconds(90)))
                .isFalse();
        assertThat(repository.lockDue(List.of("QUEUED"), "prediction", now.plusSeconds(30), 10))
                .isEmpty();
        assertThat(repository.lockDue(List.of("QUEUED"), "prediction", now.plusSeconds(61), 10))
                .containsExactly("gw_a");
        assertThat(repository.lease("gw_a", "two", now.plusSeconds(61), now.plusSeconds(121)))
                .isTrue();
    }

    @Test
    void rowsLockedByAnotherTransactionAreSkipped() throws Exception {
        repository.insert(queued("gw_a", now.minusSeconds(2)));
        repository.insert(queued("gw_b", now.minusSeconds(1)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            List<String> ids = repository.lockDue(List.of("QUEUED"), "prediction", now, 1);
            locked.countDown();
            await(done);
            return ids;
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> second = tx.execute(status -> repository.lockDue(List.of("QUEUED"), "prediction", now, 10));
        done.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("gw_a");
        assertThat(second).doesNotContain("gw_a");
        if (skipsEachLockedRow()) {
            assertThat(second).containsExactly("gw_b");
        }
    }

    /**
     * PostgreSQL skips exactly the locked rows; H2 may skip more than that (harmless: it runs one
     * instance, and the lease is what makes a claim exclusive).
     */
    abstract boolean skipsEachLockedRow();

    @Test
    void aStaleUpdateLosesToTheOneBeforeIt() {
        repository.insert(queued("gw_a", now));
        Prediction current = repository.findById("gw_a").orElseThrow();
        Prediction first = Transitions.withStatus(current, PredictionStatus.STARTING, null, now.plusMillis(1));
        Prediction second = Transitions.withStatus(current, PredictionStatus.FAILED, "late", now.plusMillis(2));
        assertThat(repository.updateState(current, first)).isTrue();
        assertThat(repository.updateState(current, second)).isFalse();
        assertThat(repository.findById("gw_a").orElseThrow().status()).isEqualTo(PredictionStatus.STARTING);
    }

    @Test
    void onlyOnePredictionMayHoldAReplicateId() {
        repository.insert(queued("gw_a", now));
        repository.insert(queued("gw_b", now));
        assertThat(repository.recordSubmitted("gw_a", "rep1", PredictionStatus.STARTING, now, now))
                .isTrue();
        assertThat(repository.isReplicateIdKnown("rep1")).isTrue();
        assertThatThrownBy(() -> repository.recordSubmitted("gw_b", "rep1", PredictionStatus.STARTING, now, now))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void anIdempotencyKeyIsUniquePerOwner() {
        idempotencyKeys.insert("alice", "k", "hash", List.of("gw_a", "gw_b"), now);
        idempotencyKeys.insert("bob", "k", "hash", List.of("gw_c"), now);
        assertThatThrownBy(() -> idempotencyKeys.insert("alice", "k", "other", List.of("gw_d"), now))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(idempotencyKeys.find("alice", "k").orElseThrow().predictionIds())
                .containsExactly("gw_a", "gw_b");
    }

    @Test
    void aFinishedPredictionCannotBeCanceled() {
        repository.insert(queued("gw_a", now));
        assertThat(repository.finishQueued("gw_a", PredictionStatus.FAILED, "no", now))
                .isTrue();
        assertThat(repository.requestCancel("gw_a", now)).isFalse();
        assertThat(repository.finishQueued("gw_a", PredictionStatus.CANCELED, "again", now))
                .isFalse();
    }

    @Test
    void listPagesByOwnerNewestFirst() {
        for (int i = 0; i < 5; i++) {
            repository.insert(queued("gw_" + i, now.plusSeconds(i)));
        }
        repository.insert(withOwner(queued("gw_x", now.plusSeconds(9)), "someone-else"));
        List<Prediction> page = repository.list("anonymous", "prediction", null, null, null, null, 3);
        assertThat(page).extracting(Prediction::id).containsExactly("gw_4", "gw_3", "gw_2");
        Prediction last = page.get(2);
        assertThat(repository.list("anonymous", "prediction", null, null, last.createdAt(), last.id(), 3))
                .extracting(Prediction::id)
                .containsExactly("gw_1", "gw_0");
        assertThat(repository.list("anonymous", "prediction", PredictionStatus.SUCCEEDED, null, null, null, 3))
                .isEmpty();
    }

    @Test
    void eventsAreReadInOrderAfterAGivenId() {
        repository.insert(queued("gw_a", now));
        repository.appendEvent("gw_a", PredictionStatus.QUEUED, null, "api", null, now);
        repository.appendEvent("gw_a", PredictionStatus.PROCESSING, 0.25, "poller", null, now);
        repository.appendEvent("gw_a", PredictionStatus.SUCCEEDED, 1.0, "webhook", null, now);
        List<PredictionEvent> all = repository.events("gw_a", 0);
        assertThat(all)
                .extracting(PredictionEvent::status)
                .containsExactly(PredictionStatus.QUEUED, PredictionStatus.PROCESSING, PredictionStatus.SUCCEEDED);
        assertThat(repository.events("gw_a", all.get(0).id())).hasSize(2);
    }

    static Prediction queued(String id, Instant created) {
        return Prediction.queued(
                id,
                "anonymous",
                "prediction",
                "black-forest-labs/flux-dev",
                Map.of("prompt", "ünïcødé 🦊", "num_outputs", 2),
                created,
                created.plusSeconds(600));
    }

    private static Prediction withOwner(Prediction p, String owner) {
        return Prediction.queued(p.id(), owner, p.kind(), p.model(), p.input(), p.createdAt(), p.deadlineAt());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
