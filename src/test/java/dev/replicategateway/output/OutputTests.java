package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.support.FakeReplicate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

@TestPropertySource(properties = {"gateway.outputs.max-size=1MB", "gateway.outputs.download-timeout=700ms"})
class OutputTests extends LifecycleTestAccess {

    @Autowired
    OutputKeeper keeper;

    @MockitoSpyBean
    OutputRows rows;

    @Test
    void aSucceededPredictionsOutputsAreKeptAndServedWithETags() throws Exception {
        String id = succeededWith(
                null,
                List.of(
                        server.url("/delivery/a.png").toString(),
                        server.url("/delivery/b.png").toString()));
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(false))
                .andExpect(jsonPath("$.output[0]")
                        .value(server.url("/delivery/a.png").toString()));
        assertThat(keeper.copyDue()).isEqualTo(2);

        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.outputs_persisted").value(true))
                .andExpect(jsonPath("$.output[1]")
                        .value(Matchers.startsWith("/predictions/" + id + "/outputs/1?caller=anonymous&")))
                .andExpect(jsonPath("$.replicate_output[1]")
                        .value(server.url("/delivery/b.png").toString()));
        var served = mvc.perform(get("/predictions/" + id + "/outputs/0"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().string("Cache-Control", Matchers.containsString("private")))
                .andExpect(content().bytes(FakeReplicate.PNG))
                .andReturn();
        String etag = served.getResponse().getHeader("ETag");
        assertThat(etag).isNotBlank();
        mvc.perform(get("/predictions/" + id + "/outputs/0").header("If-None-Match", etag))
                .andExpect(status().isNotModified());
        // A range request gets the whole image rather than an error.
        mvc.perform(get("/predictions/" + id + "/outputs/0").header("Range", "bytes=0-9"))
                .andExpect(status().isOk())
                .andExpect(content().bytes(FakeReplicate.PNG));
        mvc.perform(get("/predictions/" + id + "/outputs/7")).andExpect(status().isNotFound());
    }

    @Test
    void outputsStillBeingCopiedAreReadEachTimeAndSettledOnesOnlyOnce() throws Exception {
        String id =
                succeededWith(null, List.of(server.url("/delivery/settles.png").toString()));
        for (int read = 0; read < 2; read++) {
            mvc.perform(get("/predictions/" + id))
                    .andExpect(jsonPath("$.outputs_persisted").value(false));
        }
        verify(rows, times(2)).of(id);

        assertThat(keeper.copyDue()).isEqualTo(1);
        for (int read = 0; read < 3; read++) {
            mvc.perform(get("/predictions/" + id))
                    .andExpect(jsonPath("$.outputs_persisted").value(true))
                    .andExpect(jsonPath("$.output[0]")
                            .value(Matchers.startsWith("/predictions/" + id + "/outputs/0?caller=anonymous&")));
        }
        verify(rows, times(3)).of(id);
    }

    @Test
    void aPageReadsOnlyThePredictionsWhoseOutputsAreNotSettled() throws Exception {
        String kept = succeededWith(
                null, List.of(server.url("/delivery/page-kept.png").toString()));
        keeper.copyDue();
        mvc.perform(get("/predictions/" + kept))
                .andExpect(jsonPath("$.outputs_persisted").value(true));
        String pending = succeededWith(
                null, List.of(server.url("/delivery/page-later.png").toString()));

        for (int read = 0; read < 2; read++) {
            mvc.perform(get("/predictions").param("limit", "2"))
                    .andExpect(jsonPath("$.results[?(@.id == '" + kept + "')].outputs_persisted")
                            .value(Matchers.contains(true)))
                    .andExpect(jsonPath("$.results[?(@.id == '" + pending + "')].outputs_persisted")
                            .value(Matchers.contains(false)));
        }
        verify(rows, times(2)).of(List.of(pending));
    }

    @Test
    void aLongTextOutputIsRecordedAsASuccessAndNothingIsQueuedToCopy() throws Exception {
        String id = succeededWith(null, "a".repeat(5000));

        assertThat(stored(id).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(rows.of(id)).isEmpty();
    }

    @Test
    void theUrlsOfAnObjectOutputAreListedAndKeptInOrder() throws Exception {
        String first = server.url("/delivery/first.png").toString();
        String second = server.url("/delivery/second.png").toString();
        String id = succeededWith(null, Map.of("images", List.of(first, second), "seed", 42));

        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.output[0]").value(first))
                .andExpect(jsonPath("$.output[1]").value(second));
        assertThat(keeper.copyDue()).isEqualTo(2);
        assertThat(rows.of(id)).extracting(OutputRow::sourceUrl).containsExactly(first, second);
    }

    @Test
    void aSingleUrlOutputIsShownAsAListAndKept() throws Exception {
        String only = server.url("/delivery/only.png").toString();
        String id = succeededWith(null, only);

        mvc.perform(get("/predictions/" + id)).andExpect(jsonPath("$.output[0]").value(only));
        assertThat(keeper.copyDue()).isEqualTo(1);
        mvc.perform(get("/predictions/" + id + "/outputs/0")).andExpect(status().isOk());
    }

    @Test
    void aPageOfPredictionsShowsEachOnesKeptOutputs() throws Exception {
        String first =
                succeededWith(null, List.of(server.url("/delivery/first.png").toString()));
        String second = succeededWith(
                null,
                List.of(
                        server.url("/delivery/second-a.png").toString(),
                        server.url("/delivery/second-b.png").toString()));
        keeper.copyDue();
        String pending =
                succeededWith(null, List.of(server.url("/delivery/later.png").toString()));

        mvc.perform(get("/predictions"))
                .andExpect(jsonPath("$.results.length()").value(3))
                .andExpect(jsonPath("$.results[?(@.id == '" + pending + "')].outputs_persisted")
                        .value(false))
                .andExpect(jsonPath("$.results[?(@.id == '" + second + "')].output[1]")
                        .value(Matchers.hasItem(Matchers.startsWith("/predictions/" + second + "/outputs/1?"))))
                .andExpect(jsonPath("$.results[?(@.id == '" + first + "')].output[0]")
                        .value(Matchers.hasItem(Matchers.startsWith("/predictions/" + first + "/outputs/0?"))));
    }

    @Test
    void onlyTheOwnerGetsAnOutput() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/mine.png").toString()));
        keeper.copyDue();
        mvc.perform(get("/predictions/" + id + "/outputs/0")).andExpect(status().isOk());

        jdbc.sql("update predictions set owner = 'someone-else' where id = :id")
                .param("id", id)
                .update();

        mvc.perform(get("/predictions/" + id + "/outputs/0")).andExpect(status().isNotFound());
    }

    @Test
    void anOutputThatIsNotAnImageOfTheRequestedFormatIsRejected() throws Exception {
        String page =
                succeededWith(null, List.of(server.url("/delivery/page.html").toString()));
        String jpeg =
                succeededWith(null, List.of(server.url("/delivery/photo.jpg").toString()));
        keeper.copyDue();
        mvc.perform(get("/predictions/" + page))
                .andExpect(jsonPath("$.outputs_persisted").value(false))
                .andExpect(jsonPath("$.outputs_error")
                        .value(Matchers.containsString("not a PNG, JPEG, WebP or GIF image")));
        mvc.perform(get("/predictions/" + jpeg))
                .andExpect(jsonPath("$.outputs_error").value(Matchers.containsString("png was requested")));
    }

    @Test
    void aDownloadWhoseBodyTricklesIsCutAtItsTimeLimitAndTriedAgainLater() throws Exception {
        String id = succeededWith(
                null, List.of(server.url("/delivery/slow-trickle.png").toString()));

        keeper.copyDue();

        OutputRow row = rows.find(id, 0).orElseThrow();
        assertThat(row.state()).isEqualTo(OutputRow.State.PENDING);
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(row.error()).contains("took longer than");
    }

    @Test
    void anSvgLabelledAsAnImageIsNeverKeptOrServed() throws Exception {
        String svg =
                succeededWith(null, List.of(server.url("/delivery/drawing.svg").toString()));

        keeper.copyDue();

        mvc.perform(get("/predictions/" + svg))
                .andExpect(jsonPath("$.outputs_persisted").value(false))
                .andExpect(jsonPath("$.outputs_error")
                        .value(Matchers.containsString("not a PNG, JPEG, WebP or GIF image")));
        mvc.perform(get("/predictions/" + svg + "/outputs/0")).andExpect(status().isNotFound());
    }

    @Test
    void aKeptOutputIsServedSandboxedAndNeverSniffed() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/safe.png").toString()));
        keeper.copyDue();

        mvc.perform(get("/predictions/" + id + "/outputs/0"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Security-Policy", "default-src 'none'; sandbox"))
                .andExpect(header().string("Content-Disposition", "inline; filename=\"" + id + "-0.png\""));
    }

    @Test
    void anOutputOverTheSizeLimitIsRejected() throws Exception {
        String id =
                succeededWith(null, List.of(server.url("/delivery/big-one.png").toString()));
        keeper.copyDue();
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(false))
                .andExpect(jsonPath("$.outputs_error").value(Matchers.containsString("over the limit")));
    }

    @Test
    void anOutputOnAHostThatIsNotAllowedIsNeverFetched() throws Exception {
        String id = succeededWith(
                null, List.of("https://evil.example.com/steal.png", "http://replicate.delivery/plain.png"));
        int before = replicate.deliveries.get();
        keeper.copyDue();
        assertThat(replicate.deliveries.get()).isEqualTo(before);
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(false))
                .andExpect(jsonPath("$.outputs_error").value(Matchers.containsString("not an allowed output host")));
    }

    @Test
    void aFailedDownloadIsRetriedWithBackoff() throws Exception {
        String id =
                succeededWith(null, List.of(server.url("/delivery/flaky-1.png").toString()));
        keeper.copyDue();
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(false));
        assertThat(keeper.copyDue()).as("not due again before the backoff").isZero();
        clock.advance(Duration.ofSeconds(3));
        assertThat(keeper.copyDue()).isEqualTo(1);
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(true));
    }

    @Test
    void aCopyWhoseLeaseRanOutCannotUndoWhatAnotherInstanceRecorded() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/late.png").toString()));
        OutputRow claimedLongAgo = rows.find(id, 0).orElseThrow();
        keeper.copyDue();

        assertThat(rows.extendLease(claimedLongAgo, clock.instant().plusSeconds(120)))
                .isFalse();
        rows.failed(claimedLongAgo, "timed out after the lease");
        rows.retryLater(claimedLongAgo, "timed out after the lease", clock.instant());
        OutputRow now = rows.find(id, 0).orElseThrow();
        assertThat(now.state()).isEqualTo(OutputRow.State.KEPT);
        assertThat(now.attempts()).isEqualTo(1);
        assertThat(now.error()).isNull();
    }
}
