package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicategateway.support.FakeReplicate.CreateScript;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Every path on which a created upstream prediction could be dropped, or a second one created: each
 * ends with exactly one attached and any other canceled, counted and recorded.
 */
@TestPropertySource(properties = "replicate.rate-limit.max-pause=2m")
class NothingPaidTwiceTests extends LifecycleTestSupport {

    private static final String BODY = "{\"prompt\":\"one click\",\"model\":\"flux-schnell\"}";
    private static final Map<String, Object> INPUT = Map.of("prompt", "one click");

    @Autowired
    MeterRegistry meters;

    @Autowired
    Orphans orphans;

    private double orphanedBefore;

    @BeforeEach
    void countOrphansFromHere() {
        orphanedBefore = orphanedTotal();
    }

    @Test
    void aCreateAnsweredAfterAnotherInstanceSentAgainIsCanceledNotDropped() throws Exception {
        String id = generate(BODY);
        replicate.onCreate(created -> jdbc.sql(
                        "update predictions set claimed_by = 'other', claim_token = 'other', send_claim = 'other' where id = :id")
                .param("id", id)
                .update());

        submitter.submitDue();

        String orphan = replicate.ids().get(0);
        assertThat(stored(id).replicateId()).isNull();
        assertThat(replicate.canceledIds).containsExactly(orphan);
        assertThat(orphanedCount()).isEqualTo(1);
        assertThat(orphanRow(orphan)).containsEntry("prediction_id", id);
    }

    @Test
    void aCreateAnsweredAfterTheRowEndedIsCanceled() throws Exception {
        String id = generate(BODY);
        replicate.onCreate(created -> jdbc.sql("update predictions set status = 'FAILED' where id = :id")
                .param("id", id)
                .update());

        submitter.submitDue();

        assertThat(replicate.canceledIds).containsExactly(replicate.ids().get(0));
        assertThat(orphanedCount()).isEqualTo(1);
    }

    @Test
    void aCreateAnotherInstanceAdoptedMeanwhileIsKeptNotCanceled() throws Exception {
        String id = generate(BODY);
        replicate.onCreate(
                created -> jdbc.sql("update predictions set status = 'STARTING', replicate_id = :rid where id = :id")
                        .param("rid", created)
                        .param("id", id)
                        .update());

        submitter.submitDue();

        assertThat(stored(id).replicateId()).isEqualTo(replicate.ids().get(0));
        assertThat(replicate.canceledIds).isEmpty();
        assertThat(orphanedCount()).isZero();
    }

    @Test
    void anOrphanWhoseCancelFailsIsCanceledByALaterRound() throws Exception {
        String id = generate(BODY);
        replicate.failNextCancels(1);
        replicate.onCreate(created -> jdbc.sql("update predictions set status = 'CANCELED' where id = :id")
                .param("id", id)
                .update());
        submitter.submitDue();
        String orphan = replicate.ids().get(0);
        assertThat(orphanRow(orphan).get("canceled_at")).isNull();

        orphans.cancelDue();
        assertThat(orphanRow(orphan).get("canceled_at")).as("not due yet").isNull();
        clock.advance(Duration.ofSeconds(11));
        orphans.cancelDue();

        assertThat(orphanRow(orphan).get("canceled_at")).isNotNull();
        assertThat(replicate.cancelCalls.get()).isEqualTo(2);
        assertThat(replicate.canceledIds).containsExactly(orphan);
    }

    @Test
    void theLostCreatesSearchAsksForTheWindowSinceTheSend() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.CREATED_ANSWER_LOST);
        submitter.submitDue();
        Instant sent = stored(id).submitSentAt();

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();

        assertThat(replicate.listQueries).singleElement().satisfies(query -> assertThat(
                        URLDecoder.decode(query, StandardCharsets.UTF_8))
                .contains("created_after=" + sent.minusSeconds(30)));
        assertThat(stored(id).replicateId()).isEqualTo(replicate.ids().get(0));
        assertThat(replicate.createCalls.get()).isEqualTo(1);
    }

    @Test
    void aSearchThatCannotReadTheWholeWindowNeverCreatesAgain() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        submitter.submitDue();
        assertThat(stored(id).outcomeUnknown()).isTrue();
        // A busy account: more predictions since the send than five pages of one show.
        replicate.pageSize(1);
        for (int i = 0; i < 6; i++) {
            replicate.addPrediction("someone/else", Map.of("prompt", "other " + i), clock.instant());
        }

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();

        assertThat(replicate.listCalls.get()).isEqualTo(5);
        assertThat(replicate.createCalls.get())
                .as("no second create on an inconclusive search")
                .isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(stored(id).outcomeUnknown()).isTrue();
    }

    @Test
    void aSearchThatReadTheWholeWindowAndFoundNothingCreates() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        submitter.submitDue();
        replicate.pageSize(2);
        replicate.addPrediction("someone/else", Map.of("prompt", "other"), clock.instant());

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();

        assertThat(replicate.createCalls.get()).isEqualTo(2);
        assertThat(stored(id).replicateId()).isNotNull();
    }

    @Test
    void aDuplicateFoundByTheSearchIsCanceledAndTheOlderOneAdopted() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        submitter.submitDue();
        Instant sent = stored(id).submitSentAt();
        // Created twice upstream before this fix, both answers lost.
        String first = replicate.addPrediction("black-forest-labs/flux-schnell", INPUT, sent.plusMillis(100));
        String second = replicate.addPrediction("black-forest-labs/flux-schnell", INPUT, sent.plusMillis(200));

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();

        assertThat(stored(id).replicateId()).isEqualTo(first);
        assertThat(replicate.canceledIds).containsExactly(second);
        assertThat(orphanedCount()).isEqualTo(1);
    }

    @Test
    void aDuplicateIsLeftForAnotherRowOfTheSameInputWhoseCreateIsAlsoUnknown() throws Exception {
        String mine = generate(BODY);
        String theirs = generate(BODY);
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        submitter.submitDue();
        Instant sent = stored(mine).submitSentAt();
        replicate.addPrediction("black-forest-labs/flux-schnell", INPUT, sent.plusMillis(100));
        replicate.addPrediction("black-forest-labs/flux-schnell", INPUT, sent.plusMillis(200));

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();
        // When both adopted the same one at once, the second of them takes the other next round.
        clock.advance(Duration.ofSeconds(1));
        submitter.submitDue();

        assertThat(replicate.canceledIds).isEmpty();
        assertThat(stored(mine).replicateId()).isNotNull();
        assertThat(stored(theirs).replicateId())
                .isNotNull()
                .isNotEqualTo(stored(mine).replicateId());
        assertThat(replicate.createCalls.get()).isEqualTo(2);
    }

    @Test
    void aFailedSearchForALostCreateIsRepeatedAfterTheReconcileWaitHoweverOftenTheRowWasThrottled() throws Exception {
        String id = generate(BODY);
        for (int i = 0; i < 4; i++) {
            replicate.nextCreate(CreateScript.THROTTLED);
            submitter.submitDue();
            clock.advance(Duration.ofSeconds(31));
        }
        replicate.nextCreate(CreateScript.CREATED_ANSWER_LOST);
        submitter.submitDue();
        assertThat(stored(id).outcomeUnknown()).isTrue();
        assertThat(stored(id).submitAttempts()).isEqualTo(5);

        clock.advance(Duration.ofSeconds(11));
        replicate.outage(true);
        submitter.submitDue();
        replicate.outage(false);

        Prediction searchFailed = stored(id);
        assertThat(searchFailed.outcomeUnknown()).isTrue();
        assertThat(searchFailed.nextAttemptAt())
                .as("the reconcile wait, not the backoff after five sends")
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofSeconds(10)));

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();
        assertThat(stored(id).replicateId()).isEqualTo(replicate.ids().get(0));
        assertThat(replicate.created()).isEqualTo(1);
    }

    @Test
    void aLostCreateStillUnsearchableAtItsDeadlineFailsWithoutASecondCreate() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.CREATED_ANSWER_LOST);
        submitter.submitDue();

        clock.advance(Duration.ofMinutes(11));
        replicate.outage(true);
        submitter.submitDue();
        replicate.outage(false);

        Prediction ended = stored(id);
        assertThat(ended.status()).isEqualTo(PredictionStatus.FAILED);
        assertThat(ended.error()).contains("still unknown at the deadline").contains("the search failed");
        assertThat(replicate.createCalls.get()).isEqualTo(1);
    }

    @Test
    void aThrottledCreateWaitsNoLongerThanTheLongestPauseWhateverReplicateAsks() throws Exception {
        String id = generate(BODY);
        replicate.nextCreate(CreateScript.THROTTLED_FOR_A_DAY);

        submitter.submitDue();

        Prediction throttled = stored(id);
        assertThat(throttled.outcomeUnknown()).isFalse();
        assertThat(throttled.nextAttemptAt())
                .isEqualTo(clock.instant().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofMinutes(2)));
        assertThat(replicate.created()).isZero();
    }

    private double orphanedCount() {
        return orphanedTotal() - orphanedBefore;
    }

    private double orphanedTotal() {
        var counter = meters.find("gateway.predictions.orphaned").counter();
        return counter == null ? 0 : counter.count();
    }

    private Map<String, Object> orphanRow(String replicateId) {
        return jdbc.sql("select * from orphaned_predictions where replicate_id = :rid")
                .param("rid", replicateId)
                .query()
                .singleRow();
    }
}
