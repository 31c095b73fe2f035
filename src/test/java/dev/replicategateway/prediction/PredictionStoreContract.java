package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

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
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
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
abstract class PredictionStoreContract {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NamedParameterJdbcOperations batches;

    @Autowired
    PlatformTransactionManager transactionManager;

    PredictionRows rows;
    WorkLeases leases;
    SubmissionRecords submissions;
    StateUpdates updates;
    PredictionEvents events;
    IdempotencyKeys idempotencyKeys;
    final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void emptyStore() {
        rows = new PredictionRows(jdbc, batches);
        leases = new WorkLeases(jdbc);
        submissions = new SubmissionRecords(jdbc);
        updates = new StateUpdates(jdbc);
        events = new PredictionEvents(jdbc, batches);
        idempotencyKeys = new IdempotencyKeys(jdbc);
        jdbc.sql("delete from prediction_events").update();
        jdbc.sql("delete from idempotency_keys").update();
        jdbc.sql("delete from predictions").update();
    }

    @Test
    void storedPredictionReadsBackUnchanged() {
        Prediction p = queued("gw_a", now);
        rows.insert(p);
        Prediction read = rows.findById("gw_a").orElseThrow();
        assertThat(read.input()).isEqualTo(Map.of("prompt", "ünïcødé 🦊", "num_outputs", 2));
        assertThat(read.createdAt()).isEqualTo(now);
        assertThat(read.status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(read.progress()).isNull();
    }

    @Test
    void predictionsInsertedInOneBatchReadBackUnchangedEachWithItsQueuedEvent() {
        List<Prediction> accepted = List.of(
                queued("gw_a", now),
                queued("gw_b", now.plusMillis(1)).toBuilder()
                        .user("u1")
                        .estimatedCost(0.025)
                        .callerWebhook(true)
                        .build(),
                queued("gw_c", now.plusMillis(2)));
        rows.insertAll(accepted);
        events.appendAccepted(accepted);
        for (Prediction p : accepted) {
            assertThat(rows.findById(p.id()).orElseThrow())
                    .usingRecursiveComparison()
                    .ignoringFields("updatedAt")
                    .isEqualTo(p);
            assertThat(events.after(p.id(), 0)).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(PredictionStatus.QUEUED);
                assertThat(e.source()).isEqualTo("api");
                assertThat(e.at()).isEqualTo(p.createdAt());
            });
        }
    }

    @Test
    void aLiveLeaseKeepsOtherInstancesOutUntilItExpires() {
        rows.insert(queued("gw_a", now));
        assertThat(leases.lease("gw_a", "one", "t1", now, now.plusSeconds(60))).isTrue();
        assertThat(leases.lease("gw_a", "two", "t2", now.plusSeconds(30), now.plusSeconds(90)))
                .isFalse();
        assertThat(leases.lockDue(List.of("QUEUED"), WorkKind.PREDICTION, now.plusSeconds(30), 10))
                .isEmpty();
        assertThat(leases.lockDue(List.of("QUEUED"), WorkKind.PREDICTION, now.plusSeconds(61), 10))
                .containsExactly("gw_a");
        assertThat(leases.lease("gw_a", "two", "t3", now.plusSeconds(61), now.plusSeconds(121)))
                .isTrue();
    }

    @Test
    void aClaimThatRanOutCanNeitherSendNorReleaseTheRowItsSuccessorHolds() {
        rows.insert(queued("gw_a", now));
        assertThat(leases.lease("gw_a", "one", "t1", now, now.plusSeconds(60))).isTrue();
        assertThat(leases.lease("gw_a", "two", "t2", now.plusSeconds(61), now.plusSeconds(121)))
                .isTrue();
        assertThat(submissions.markSending("gw_a", "t1", now.plusSeconds(62))).isFalse();
        leases.releaseAndRetryAt("gw_a", "t1", now.plusSeconds(500), now.plusSeconds(62));
        assertThat(rows.findById("gw_a").orElseThrow().nextAttemptAt()).isEqualTo(now);
        assertThat(submissions.markSending("gw_a", "t2", now.plusSeconds(62))).isTrue();
    }

    @Test
    void anAnswerIsRecordedOnlyForTheRowsLatestSend() {
        rows.insert(queued("gw_a", now));
        leases.lease("gw_a", "one", "t1", now, now.plusSeconds(60));
        assertThat(submissions.markSending("gw_a", "t1", now)).isTrue();
        // one's lease runs out; two claims the row, finds nothing upstream and sends again
        leases.lease("gw_a", "two", "t2", now.plusSeconds(61), now.plusSeconds(121));
        assertThat(submissions.markSending("gw_a", "t2", now.plusSeconds(62))).isTrue();
        assertThat(submissions.recordCreated("gw_a", "t1", "rep1", PredictionStatus.STARTING, now, now))
                .as("the first send's late answer")
                .isFalse();
        assertThat(submissions.recordCreated("gw_a", "t2", "rep2", PredictionStatus.STARTING, now, now))
                .isTrue();
        assertThat(rows.findById("gw_a").orElseThrow().replicateId()).isEqualTo("rep2");
    }

    @Test
    void rowsLockedByAnotherTransactionAreSkipped() throws Exception {
        rows.insert(queued("gw_a", now.minusSeconds(2)));
        rows.insert(queued("gw_b", now.minusSeconds(1)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            List<String> ids = leases.lockDue(List.of("QUEUED"), WorkKind.PREDICTION, now, 1);
            locked.countDown();
            await(done);
            return ids;
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> second = tx.execute(status -> leases.lockDue(List.of("QUEUED"), WorkKind.PREDICTION, now, 10));
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
        rows.insert(queued("gw_a", now));
        Prediction current = rows.findById("gw_a").orElseThrow();
        Prediction first = Transitions.withStatus(current, PredictionStatus.STARTING, null, now.plusMillis(1));
        Prediction second = Transitions.withStatus(current, PredictionStatus.FAILED, "late", now.plusMillis(2));
        assertThat(updates.compareAndSet(current, first)).isTrue();
        assertThat(updates.compareAndSet(current, second)).isFalse();
        assertThat(rows.findById("gw_a").orElseThrow().status()).isEqualTo(PredictionStatus.STARTING);
    }

    @Test
    void onlyOnePredictionMayHoldAReplicateId() {
        rows.insert(queued("gw_a", now));
        rows.insert(queued("gw_b", now));
        sent("gw_a", "t1");
        sent("gw_b", "t2");
        assertThat(submissions.recordCreated("gw_a", "t1", "rep1", PredictionStatus.STARTING, now, now))
                .isTrue();
        assertThat(rows.isReplicateIdKnown("rep1")).isTrue();
        assertThatThrownBy(() -> submissions.recordCreated("gw_b", "t2", "rep1", PredictionStatus.STARTING, now, now))
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
        rows.insert(queued("gw_a", now));
        assertThat(updates.finishQueued("gw_a", PredictionStatus.FAILED, "no", now))
                .isTrue();
        assertThat(updates.requestCancel("gw_a", now)).isFalse();
        assertThat(updates.finishQueued("gw_a", PredictionStatus.CANCELED, "again", now))
                .isFalse();
    }

    @Test
    void listPagesByOwnerNewestFirst() {
        for (int i = 0; i < 5; i++) {
            rows.insert(queued("gw_" + i, now.plusSeconds(i)));
        }
        rows.insert(withOwner(queued("gw_x", now.plusSeconds(9)), "someone-else"));
        List<Prediction> page = rows.list("anonymous", PredictionFilter.of(WorkKind.PREDICTION), null, null, 3);
        assertThat(page).extracting(Prediction::id).containsExactly("gw_4", "gw_3", "gw_2");
        Prediction last = page.get(2);
        assertThat(rows.list("anonymous", PredictionFilter.of(WorkKind.PREDICTION), last.createdAt(), last.id(), 3))
                .extracting(Prediction::id)
                .containsExactly("gw_1", "gw_0");
        assertThat(rows.list(
                        "anonymous",
                        PredictionFilter.of(WorkKind.PREDICTION).status(PredictionStatus.SUCCEEDED),
                        null,
                        null,
                        3))
                .isEmpty();
    }

    @Test
    void eventsAreReadInOrderAfterAGivenId() {
        rows.insert(queued("gw_a", now));
        events.append("gw_a", PredictionStatus.QUEUED, null, "api", null, now);
        events.append("gw_a", PredictionStatus.PROCESSING, 0.25, "poller", null, now);
        events.append("gw_a", PredictionStatus.SUCCEEDED, 1.0, "webhook", null, now);
        List<PredictionEvent> all = events.after("gw_a", 0);
        assertThat(all)
                .extracting(PredictionEvent::status)
                .containsExactly(PredictionStatus.QUEUED, PredictionStatus.PROCESSING, PredictionStatus.SUCCEEDED);
        assertThat(events.after("gw_a", all.get(0).id())).hasSize(2);
    }

    @Test
    void theEventsOfManyPredictionsAreReadInOneOrderedQuery() {
        rows.insert(queued("gw_a", now));
        rows.insert(queued("gw_b", now));
        rows.insert(queued("gw_c", now));
        events.append("gw_a", PredictionStatus.QUEUED, null, "api", null, now);
        events.append("gw_b", PredictionStatus.QUEUED, null, "api", null, now);
        events.append("gw_c", PredictionStatus.QUEUED, null, "api", null, now);
        events.append("gw_a", PredictionStatus.SUCCEEDED, 1.0, "webhook", null, now);
        long first = events.after("gw_a", 0).get(0).id();

        List<PredictionEvent> read = events.after(List.of("gw_a", "gw_b"), first);

        assertThat(read)
                .extracting(PredictionEvent::predictionId, PredictionEvent::status)
                .containsExactly(tuple("gw_b", PredictionStatus.QUEUED), tuple("gw_a", PredictionStatus.SUCCEEDED));
        assertThat(events.after(List.of(), 0)).isEmpty();
    }

    static Prediction queued(String id, Instant created) {
        return Prediction.queued(
                        id,
                        WorkKind.PREDICTION,
                        "black-forest-labs/flux-dev",
                        Map.of("prompt", "ünïcødé 🦊", "num_outputs", 2),
                        created)
                .owner("anonymous")
                .deadlineAt(created.plusSeconds(600))
                .build();
    }

    private static Prediction withOwner(Prediction p, String owner) {
        return p.toBuilder().owner(owner).build();
    }

    private void sent(String id, String token) {
        leases.lease(id, "one", token, now, now.plusSeconds(60));
        submissions.markSending(id, token, now);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
