package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.support.FakeReplicate.CreateScript;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

class LifecycleTests extends LifecycleTestSupport {

    @Autowired
    MeterRegistry meters;

    private static final String BODY = "{\"prompt\":\"a lighthouse at dawn\",\"model\":\"flux-dev\",\"num_outputs\":2}";

    @Test
    void acceptedPredictionIsCreatedOnceThenPolledToSuccess() throws Exception {
        String id = generate(BODY);
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.QUEUED);

        submitter.submitDue();
        Prediction submitted = stored(id);
        assertThat(submitted.status()).isEqualTo(PredictionStatus.STARTING);
        assertThat(submitted.replicateId()).isEqualTo(replicate.ids().get(0));
        assertThat(replicate.created()).isEqualTo(1);

        replicate.update(
                submitted.replicateId(), "processing", "Using seed: 1\n 50%|█████     | 14/28 [00:02<00:02]\n", null);
        clock.advance(Duration.ofSeconds(2));
        poller.pollDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.PROCESSING);
        assertThat(stored(id).progress()).isEqualTo(0.5);

        replicate.update(
                submitted.replicateId(),
                "succeeded",
                null,
                List.of("https://replicate.delivery/a.webp", "https://replicate.delivery/b.webp"));
        clock.advance(Duration.ofSeconds(5));
        poller.pollDue();

        mvc.perform(get("/predictions/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.progress").value(1.0))
                .andExpect(jsonPath("$.output[1]").value("https://replicate.delivery/b.webp"))
                .andExpect(jsonPath("$.replicate_id").value(submitted.replicateId()))
                .andExpect(jsonPath("$.input.num_outputs").value(2))
                .andExpect(jsonPath("$.metrics.predict_time").value(4.2));
        assertThat(replicate.createCalls.get()).isEqualTo(1);
        assertThat(eventLog.after(id, 0))
                .extracting(PredictionEvent::status)
                .containsSubsequence(
                        PredictionStatus.QUEUED,
                        PredictionStatus.STARTING,
                        PredictionStatus.PROCESSING,
                        PredictionStatus.SUCCEEDED);
    }

    @Test
    void pollsFollowTheSeedBackoffSchedule() throws Exception {
        String id = generate(BODY);
        submitter.submitDue();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.between(clock.instant(), stored(id).nextAttemptAt()));
            poller.pollDue();
            delays.add(Duration.between(clock.instant(), stored(id).nextAttemptAt())
                    .toMillis());
        }
        assertThat(delays).containsExactly(1500L, 2250L, 3375L, 5000L, 5000L, 5000L);
        assertThat(replicate.getCalls.get()).isEqualTo(6);
    }

    @Test
    void pollerDoesNothingBeforeAPredictionIsDue() throws Exception {
        generate(BODY);
        submitter.submitDue();
        poller.pollDue();
        assertThat(replicate.getCalls.get()).isZero();
    }

    @Test
    void passingTheDeadlineCancelsUpstreamAndFails() throws Exception {
        String id = generate(BODY);
        submitter.submitDue();
        clock.advance(Duration.ofMinutes(11));
        poller.pollDue();
        Prediction failed = stored(id);
        assertThat(failed.status()).isEqualTo(PredictionStatus.FAILED);
        assertThat(failed.error()).contains("Deadline");
        assertThat(replicate.cancelCalls.get()).isEqualTo(1);
    }

    @Test
    void createCarriesCancelAfterSoReplicateStopsWorkPastOurDeadline() throws Exception {
        generate(BODY);
        submitter.submitDue();
        assertThat(replicate.lastCreate.getHeaders().get("Cancel-After")).isEqualTo("600s");
    }

    @Test
    void abortedIsFinalAndNoLongerPolled() throws Exception {
        String id = generate(BODY);
        submitter.submitDue();
        replicate.update(stored(id).replicateId(), "aborted", null, null);
        clock.advance(Duration.ofSeconds(2));
        poller.pollDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.ABORTED);
        clock.advance(Duration.ofMinutes(1));
        poller.pollDue();
        assertThat(replicate.getCalls.get()).isEqualTo(1);
    }

    @Test
    void queuedPredictionNeverSentBeforeItsDeadlineFailsWithoutACreate() throws Exception {
        double failedBefore = finished("failed");
        String id = generate(BODY);
        clock.advance(Duration.ofMinutes(11));
        submitter.submitDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.FAILED);
        assertThat(stored(id).error()).contains("deadline");
        assertThat(replicate.createCalls.get()).isZero();
        assertThat(finished("failed")).isEqualTo(failedBefore + 1);
    }

    @Test
    void throttledCreateWaitsOutRetryAfterThenCreatesOnce() throws Exception {
        replicate.nextCreate(CreateScript.THROTTLED);
        String id = generate(BODY);
        submitter.submitDue();
        Prediction waiting = stored(id);
        assertThat(waiting.status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(waiting.outcomeUnknown()).isFalse();
        assertThat(Duration.between(clock.instant(), waiting.nextAttemptAt())).isEqualTo(Duration.ofSeconds(30));

        submitter.submitDue();
        assertThat(replicate.createCalls.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(31));
        submitter.submitDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.STARTING);
        assertThat(replicate.created()).isEqualTo(1);
    }

    @Test
    void createWhoseAnswerIsLostIsAdoptedFromTheListNotCreatedAgain() throws Exception {
        replicate.nextCreate(CreateScript.CREATED_ANSWER_LOST);
        String id = generate(BODY);
        submitter.submitDue();
        Prediction unknown = stored(id);
        assertThat(unknown.status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(unknown.outcomeUnknown()).isTrue();
        assertThat(replicate.created()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();
        Prediction adopted = stored(id);
        assertThat(adopted.status()).isEqualTo(PredictionStatus.STARTING);
        assertThat(adopted.replicateId()).isEqualTo(replicate.ids().get(0));
        assertThat(replicate.createCalls.get()).isEqualTo(1);
        assertThat(replicate.listCalls.get()).isEqualTo(1);
    }

    @Test
    void createThatFailedWithUnknownOutcomeAndIsNotUpstreamIsCreatedAgain() throws Exception {
        replicate.nextCreate(CreateScript.UNAVAILABLE);
        String id = generate(BODY);
        submitter.submitDue();
        assertThat(stored(id).outcomeUnknown()).isTrue();
        assertThat(replicate.createCalls.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.STARTING);
        assertThat(replicate.createCalls.get()).isEqualTo(2);
        assertThat(replicate.created()).isEqualTo(1);
    }

    @Test
    void workOfACrashedInstanceResumesWhenItsLeaseExpires() throws Exception {
        String queued = generate(BODY);
        String inFlight = generate("{\"prompt\":\"second\",\"model\":\"flux-schnell\"}");
        submitter.submitDue();
        // A dead instance had claimed both rows: one mid-create (answer lost), one mid-poll.
        replicate.nextCreate(CreateScript.CREATED_ANSWER_LOST);
        jdbc.sql("update predictions set status = 'QUEUED', replicate_id = null where id = :id")
                .param("id", queued)
                .update();
        String upstreamOfQueued = null;
        for (String rid : replicate.ids()) {
            if (!rid.equals(stored(inFlight).replicateId())) {
                upstreamOfQueued = rid;
            }
        }
        jdbc.sql(
                        """
                update predictions set claimed_by = 'gw-dead', claimed_until = :until, outcome_unknown = true,
                                       submit_sent_at = :sent
                where id = :id""")
                .param("until", StoredJson.ts(clock.instant().plusSeconds(60)))
                .param("sent", StoredJson.ts(clock.instant()))
                .param("id", queued)
                .update();
        jdbc.sql("update predictions set claimed_by = 'gw-dead', claimed_until = :until where id = :id")
                .param("until", StoredJson.ts(clock.instant().plusSeconds(60)))
                .param("id", inFlight)
                .update();
        replicate.update(
                stored(inFlight).replicateId(), "succeeded", null, List.of("https://replicate.delivery/x.png"));

        clock.advance(Duration.ofSeconds(30));
        submitter.submitDue();
        poller.pollDue();
        assertThat(stored(queued).status()).isEqualTo(PredictionStatus.QUEUED);
        assertThat(stored(inFlight).status()).isEqualTo(PredictionStatus.STARTING);

        clock.advance(Duration.ofSeconds(31));
        submitter.submitDue();
        poller.pollDue();
        assertThat(stored(queued).replicateId()).isEqualTo(upstreamOfQueued);
        assertThat(stored(inFlight).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(replicate.created()).isEqualTo(2);
    }

    @Test
    void cancelOfAQueuedPredictionEndsItWithoutACreate() throws Exception {
        String id = generate(BODY);
        mvc.perform(post("/predictions/" + id + "/cancel"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.cancel_requested").value(true));
        double canceledBefore = finished("canceled");
        submitter.submitDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.CANCELED);
        assertThat(replicate.createCalls.get()).isZero();
        assertThat(finished("canceled")).as("counted as finished").isEqualTo(canceledBefore + 1);
        mvc.perform(post("/predictions/" + id + "/cancel")).andExpect(status().isConflict());
    }

    @Test
    void cancelOfARunningPredictionCancelsItUpstream() throws Exception {
        String id = generate(BODY);
        submitter.submitDue();
        mvc.perform(post("/predictions/" + id + "/cancel")).andExpect(status().isAccepted());
        poller.pollDue();
        assertThat(replicate.cancelCalls.get()).isEqualTo(1);
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.CANCELED);
    }

    @Test
    void manyDuePredictionsAreRefreshedFromTheListInsteadOfOneGetEach() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            ids.add(generate("{\"prompt\":\"many " + i + "\"}"));
        }
        submitter.submitDue();
        for (String rid : replicate.ids()) {
            replicate.update(rid, "processing", " 10%|█         | 1/10 [00:01<00:09]\n", null);
        }
        clock.advance(Duration.ofSeconds(2));
        poller.pollDue();
        assertThat(replicate.listCalls.get()).isEqualTo(1);
        assertThat(replicate.getCalls.get()).isZero();
        assertThat(ids).allSatisfy(id -> assertThat(stored(id).status()).isEqualTo(PredictionStatus.PROCESSING));
    }

    @Test
    void sameIdempotencyKeyAndBodyReturnsTheSamePrediction() throws Exception {
        String first = generate(BODY, "key-1");
        mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "key-1")
                        .content(BODY))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value(first))
                .andExpect(MockMvcResultMatchers.header().string("Idempotent-Replayed", "true"));
        mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "key-1")
                        .content("{\"prompt\":\"something else\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value("/problems/idempotency-key-reused"));
    }

    @Test
    void fiftyConcurrentIdenticalRequestsCreateOneUpstreamPrediction() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add(() -> generate(BODY, "same-click"));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> future : pool.invokeAll(calls)) {
                ids.add(future.get());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdown();
        }
        submitter.submitDue();
        submitter.submitDue();
        assertThat(replicate.createCalls.get()).isEqualTo(1);
        assertThat(jdbc.sql(
                                "select count(*) from predictions where owner = 'anonymous' and input like '%lighthouse%' and id in "
                                        + "(select prediction_ids from idempotency_keys where idem_key = 'same-click')")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void batchAcceptsOneIdPerRequestAndReplaysThemByKey() throws Exception {
        String batch = "{\"requests\":[{\"prompt\":\"one\"},{\"prompt\":\"two\",\"model\":\"flux-schnell\"}]}";
        var result = mvc.perform(post("/generate/batch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "batch-1")
                        .content(batch))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.predictions.length()").value(2))
                .andReturn();
        List<String> ids = JsonPath.read(result.getResponse().getContentAsString(), "$.predictions[*].id");
        mvc.perform(post("/generate/batch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "batch-1")
                        .content(batch))
                .andExpect(jsonPath("$.predictions[0].id").value(ids.get(0)))
                .andExpect(jsonPath("$.predictions[1].id").value(ids.get(1)));
        submitter.submitDue();
        assertThat(replicate.created()).isEqualTo(2);
    }

    @Test
    void unknownPredictionIsA404Problem() throws Exception {
        mvc.perform(get("/predictions/gw_doesnotexist"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/not-found"));
        mvc.perform(get("/predictions/..%2F..%2Fetc%2Fpasswd")).andExpect(status().is4xxClientError());
    }

    @Test
    void listPagesNewestFirstWithACursor() throws Exception {
        for (int i = 0; i < 3; i++) {
            generate("{\"prompt\":\"page " + i + "\",\"model\":\"sdxl\"}");
            clock.advance(Duration.ofMillis(10));
        }
        String model = "stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
        var first = mvc.perform(get("/predictions").param("limit", "2").param("model", model))
                .andExpect(jsonPath("$.results.length()").value(2))
                .andExpect(jsonPath("$.results[0].input.prompt").value("page 2"))
                .andReturn();
        String cursor = JsonPath.read(first.getResponse().getContentAsString(), "$.next_cursor");
        mvc.perform(get("/predictions")
                        .param("limit", "2")
                        .param("model", model)
                        .param("cursor", cursor))
                .andExpect(jsonPath("$.results.length()").value(1))
                .andExpect(jsonPath("$.results[0].input.prompt").value("page 0"))
                .andExpect(jsonPath("$.next_cursor").doesNotExist());
        mvc.perform(get("/predictions").param("status", "queued").param("limit", "500"))
                .andExpect(status().isBadRequest());
    }

    private double finished(String status) {
        return meters.find("gateway.predictions.finished").tag("status", status).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
