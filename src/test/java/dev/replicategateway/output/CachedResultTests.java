package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.support.FakeReplicate;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** The same request with the same seed, once its result is kept, is answered from it: no call, no cost. */
class CachedResultTests extends LifecycleTestAccess {

    private static final String SEEDED = "{\"prompt\":\"a lighthouse\",\"model\":\"flux-schnell\",\"seed\":42}";

    @Autowired
    OutputKeeper keeper;

    @Test
    void anIdenticalSeededRequestIsAnsweredFromTheKeptResultWithNoUpstreamCall() throws Exception {
        String first = finished(SEEDED);
        keeper.copyDue();
        int calls = upstreamCalls();

        String body = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(SEEDED))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.cached").value(true))
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.estimated_cost").value(0.0))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String again = JsonPath.read(body, "$.id");
        submitDue();
        pollDue();

        assertThat(upstreamCalls()).isEqualTo(calls);
        mvc.perform(get("/predictions/" + again))
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.cached_from").value(first))
                .andExpect(jsonPath("$.cost").value(0.0))
                .andExpect(jsonPath("$.output[0]").value(Matchers.startsWith("/predictions/" + again + "/outputs/0?")));
        mvc.perform(get("/predictions/" + again + "/outputs/0"))
                .andExpect(status().isOk())
                .andExpect(content().bytes(FakeReplicate.PNG));
    }

    @Test
    void withoutAnExplicitSeedTwoRequestsAreTwoRuns() throws Exception {
        String unseeded = "{\"prompt\":\"a lighthouse\",\"model\":\"flux-schnell\"}";
        finished(unseeded);
        keeper.copyDue();

        String again = generate(unseeded);
        submitDue();

        assertThat(stored(again).cachedFrom()).isNull();
        assertThat(replicate.createCalls.get()).isEqualTo(2);
    }

    @Test
    void noCacheOnTheRequestOrAResultNotYetKeptMeansARealRun() throws Exception {
        finished(SEEDED);
        String notYetKept = generate(SEEDED);
        assertThat(stored(notYetKept).cachedFrom()).isNull();
        keeper.copyDue();

        String body = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-cache")
                        .content(SEEDED))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.cached").doesNotExist())
                .andReturn()
                .getResponse()
                .getContentAsString();

        assertThat(stored(JsonPath.read(body, "$.id")).status()).isEqualTo(PredictionStatus.QUEUED);
    }

    @Test
    void anotherInputOrAnotherModelIsNotTheSameResult() throws Exception {
        finished(SEEDED);
        keeper.copyDue();

        String otherSteps = generate(
                "{\"prompt\":\"a lighthouse\",\"model\":\"flux-schnell\",\"seed\":42," + "\"num_inference_steps\":2}");
        String otherModel = generate("{\"prompt\":\"a lighthouse\",\"model\":\"flux-dev\",\"seed\":42}");

        assertThat(stored(otherSteps).cachedFrom()).isNull();
        assertThat(stored(otherModel).cachedFrom()).isNull();
    }

    private String finished(String body) throws Exception {
        String id = generate(body);
        submitDue();
        replicate.update(
                stored(id).replicateId(),
                "succeeded",
                null,
                List.of(server.url("/delivery/lighthouse.png").toString()));
        clock.advance(Duration.ofSeconds(2));
        pollDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        return id;
    }

    private int upstreamCalls() {
        return replicate.createCalls.get() + replicate.getCalls.get() + replicate.modelGets.get();
    }
}
