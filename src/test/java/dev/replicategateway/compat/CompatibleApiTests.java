package dev.replicategateway.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.support.FakeReplicate;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The Replicate API's own paths, bodies and errors, over this service's store and lifecycle. */
@TestPropertySource(
        properties = "gateway.callers.api-keys=acme:acme-key-0123456789abcdef,zeta:zeta-key-0123456789abcdef")
class CompatibleApiTests extends LifecycleTestAccess {

    static final String ACME = "Bearer acme-key-0123456789abcdef";
    static final String ZETA = "Bearer zeta-key-0123456789abcdef";
    static final String SCHNELL = "/v1/models/black-forest-labs/flux-schnell/predictions";

    @Test
    void aCreateIsStoredAndAnsweredAsReplicateWouldWithUrlsBackToThisService() throws Exception {
        String body = create(SCHNELL, "{\"input\":{\"prompt\":\"a fox\",\"num_outputs\":1}}", ACME)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("starting"))
                .andExpect(jsonPath("$.model").value("black-forest-labs/flux-schnell"))
                .andExpect(jsonPath("$.input.prompt").value("a fox"))
                .andExpect(jsonPath("$.output").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.error").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.data_removed").value(false))
                .andExpect(jsonPath("$.source").value("api"))
                .andExpect(header().string("Location", Matchers.startsWith("http://localhost/v1/predictions/gw_")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");
        assertThat((String) JsonPath.read(body, "$.urls.get")).isEqualTo("http://localhost/v1/predictions/" + id);
        assertThat(replicate.createCalls.get()).isZero();

        submitDue();
        replicate.update(stored(id).replicateId(), "succeeded", null, List.of("https://x/out.png"));
        clock.advance(Duration.ofSeconds(2));
        pollDue();

        assertThat(replicate.createCalls.get()).isEqualTo(1);
        mvc.perform(get("/v1/predictions/" + id).header("Authorization", ACME))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.output[0]").value("https://x/out.png"))
                .andExpect(jsonPath("$.metrics.predict_time").value(4.2));
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.status").value("succeeded"));
    }

    @Test
    void everyWayReplicateNamesAModelIsTakenAndTheOlderTokenSchemeToo() throws Exception {
        String version = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
        String pinned = idOf(create(
                        "/v1/predictions",
                        "{\"version\":\"stability-ai/sdxl:" + version + "\",\"input\":{\"prompt\":\"x\"}}",
                        "Token acme-key-0123456789abcdef")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.version").value(version)));
        String bare =
                idOf(create("/v1/predictions", "{\"version\":\"" + "f".repeat(64) + "\",\"input\":{\"x\":1}}", ACME)
                        .andExpect(status().isAccepted()));
        String deployed = idOf(create("/v1/deployments/acme/fast/predictions", "{\"input\":{\"prompt\":\"x\"}}", ACME)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.deployment").value("acme/fast")));
        String official =
                idOf(create("/v1/predictions", "{\"version\":\"google/imagen-4\",\"input\":{\"prompt\":\"x\"}}", ACME)
                        .andExpect(status().isAccepted()));

        assertThat(stored(pinned).model()).isEqualTo("stability-ai/sdxl:" + version);
        assertThat(stored(bare).model()).isEqualTo("f".repeat(64));
        assertThat(stored(deployed).model()).isEqualTo("deployments/acme/fast");
        assertThat(stored(official).model()).isEqualTo("google/imagen-4");
    }

    @Test
    void aBadInputIsReplicatesOwn422WithInvalidFieldsAndNothingIsSent() throws Exception {
        create(SCHNELL, "{\"input\":{\"prompt\":\"x\",\"num_inference_steps\":9,\"aspect_ration\":\"1:1\"}}", ACME)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.title").value("Input validation failed"))
                .andExpect(jsonPath("$.status").value(422))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("- input.num_inference_steps: ")))
                .andExpect(jsonPath("$.invalid_fields[*].field")
                        .value(Matchers.containsInAnyOrder("input.num_inference_steps", "input.aspect_ration")))
                .andExpect(jsonPath("$.invalid_fields[0].description").isNotEmpty())
                .andExpect(jsonPath("$.invalid_fields[0].type").isNotEmpty());
        create(SCHNELL, "{\"inptu\":{\"prompt\":\"x\"}}", ACME)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.invalid_fields[0].field").value("inptu"));
        create(
                        SCHNELL,
                        "{\"input\":{\"auth\":\"r8_x\",\"baseUrl\":\"https://api\",\"fileEncodingStrategy\":\"data-uri\"}}",
                        ACME)
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.detail").value(Matchers.not(Matchers.containsString("r8_x"))));
        submitDue();

        assertThat(replicate.createCalls.get()).isZero();
    }

    @Test
    void anAbsentPredictionAndAMissingKeyAnswerInReplicatesShape() throws Exception {
        mvc.perform(get("/v1/predictions/gw_nope").header("Authorization", ACME))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").isNotEmpty());
        mvc.perform(get("/v1/predictions"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.title").isNotEmpty());
        String id = idOf(create(SCHNELL, "{\"input\":{\"prompt\":\"mine\"}}", ACME));
        mvc.perform(get("/v1/predictions/" + id).header("Authorization", ZETA)).andExpect(status().isNotFound());
    }

    @Test
    void aClientTokenDoesNotOpenTheCompatibleApi() throws Exception {
        String token = JsonPath.read(
                mvc.perform(post("/tokens")
                                .header("Authorization", ACME)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"user\":\"u1\"}"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.token");

        mvc.perform(get("/v1/predictions").header("Authorization", "Bearer " + token))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Token not accepted here"));
    }

    @Test
    void preferWaitAnswersTheFinalPredictionWith201OnceItIsFinal() throws Exception {
        MvcResult waiting = mvc.perform(json(SCHNELL, "{\"input\":{\"prompt\":\"quick\"}}", ACME)
                        .header("Prefer", "wait=30"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String id = jdbc.sql("select id from predictions").query(String.class).single();

        submitDue();
        replicate.update(stored(id).replicateId(), "succeeded", null, List.of("https://x/quick.png"));
        clock.advance(Duration.ofSeconds(2));
        pollDue();

        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.output[0]").value("https://x/quick.png"));
    }

    @Test
    void preferWaitThatRunsOutAnswers202AndStartingSoTheClientsPoll() throws Exception {
        MvcResult waiting = mvc.perform(
                        json(SCHNELL, "{\"input\":{\"prompt\":\"slow\"}}", ACME).header("Prefer", "wait=1"))
                .andExpect(request().asyncStarted())
                .andReturn();
        String id = jdbc.sql("select id from predictions").query(String.class).single();
        submitDue();
        replicate.update(stored(id).replicateId(), "processing", "step 1\n", null);
        clock.advance(Duration.ofSeconds(2));
        pollDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.PROCESSING);

        timeOut(waiting);

        mvc.perform(asyncDispatch(waiting))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("starting"))
                .andExpect(jsonPath("$.logs").value("step 1\n"));
    }

    @Test
    void aListIsNewestFirstInPagesOf100WithAbsoluteNextLinksAndDateFilters() throws Exception {
        for (int i = 0; i < 101; i++) {
            create(SCHNELL, "{\"input\":{\"prompt\":\"n" + i + "\"}}", ACME).andExpect(status().isAccepted());
            clock.advance(Duration.ofMillis(10));
        }
        String first = mvc.perform(get("/v1/predictions").header("Authorization", ACME))
                .andExpect(jsonPath("$.results.length()").value(100))
                .andExpect(jsonPath("$.results[0].input.prompt").value("n100"))
                .andExpect(jsonPath("$.previous").value(Matchers.nullValue()))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String next = JsonPath.read(first, "$.next");
        assertThat(next).startsWith("http://localhost/v1/predictions?cursor=");

        mvc.perform(get(next.substring("http://localhost".length())).header("Authorization", ACME))
                .andExpect(jsonPath("$.results.length()").value(1))
                .andExpect(jsonPath("$.results[0].input.prompt").value("n0"))
                .andExpect(jsonPath("$.next").value(Matchers.nullValue()));
        String after =
                stored(JsonPath.read(first, "$.results[0].id")).createdAt().toString();
        mvc.perform(get("/v1/predictions").param("created_after", after).header("Authorization", ACME))
                .andExpect(jsonPath("$.results.length()").value(1));
        mvc.perform(get("/v1/predictions").param("created_before", "yesterday").header("Authorization", ACME))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.invalid_fields[0].field").value("created_before"));
        mvc.perform(get("/v1/predictions").header("Authorization", ZETA))
                .andExpect(jsonPath("$.results").isEmpty());
    }

    @Test
    void aCancelAnswersThePredictionAndAFinishedOneAsItIs() throws Exception {
        String id = idOf(create(SCHNELL, "{\"input\":{\"prompt\":\"x\"}}", ACME));

        mvc.perform(post("/v1/predictions/" + id + "/cancel").header("Authorization", ACME))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id));
        submitDue();
        mvc.perform(post("/v1/predictions/" + id + "/cancel").header("Authorization", ACME))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("canceled"));
        assertThat(replicate.createCalls.get()).isZero();
    }

    @Test
    void anIdempotencyKeyMakesARetriedCreateTheSamePrediction() throws Exception {
        String first = idOf(mvc.perform(
                json(SCHNELL, "{\"input\":{\"prompt\":\"once\"}}", ACME).header("Idempotency-Key", "click-1")));
        MvcResult started = mvc.perform(
                        json(SCHNELL, "{\"input\":{\"prompt\":\"once\"}}", ACME).header("Idempotency-Key", "click-1"))
                .andReturn();
        String again = idOf(mvc.perform(asyncDispatch(started))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Idempotent-Replayed", "true")));

        assertThat(again).isEqualTo(first);
    }

    @Test
    void cancelAfterBecomesThePredictionsDeadline() throws Exception {
        String id = idOf(mvc.perform(
                json(SCHNELL, "{\"input\":{\"prompt\":\"x\"}}", ACME).header("Cancel-After", "1m30s")));

        assertThat(Duration.between(stored(id).createdAt(), stored(id).deadlineAt()))
                .isEqualTo(Duration.ofSeconds(90));
        mvc.perform(json(SCHNELL, "{\"input\":{\"prompt\":\"x\"}}", ACME).header("Cancel-After", "soon"))
                .andExpect(status().isUnprocessableEntity());
    }

    @Test
    void aFileIsPutOnReplicatesFilesApiAndItsUrlIsWhatAnInputNames() throws Exception {
        String body = mvc.perform(multipart("/v1/files")
                        .file(new MockMultipartFile("content", "cat.png", "image/png", FakeReplicate.PNG))
                        .file(new MockMultipartFile(
                                "metadata", "blob", "application/json", "{\"for\":\"test\"}".getBytes()))
                        .header("Authorization", ACME))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.id").value(Matchers.startsWith("file_")))
                .andExpect(jsonPath("$.content_type").value("image/png"))
                .andExpect(jsonPath("$.metadata.for").value("test"))
                .andExpect(jsonPath("$.checksums.sha256").isNotEmpty())
                .andExpect(jsonPath("$.urls.get").value("https://api.replicate.com/v1/files/file1"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");

        mvc.perform(get("/v1/files/" + id).header("Authorization", ACME)).andExpect(status().isOk());
        mvc.perform(get("/v1/files/" + id).header("Authorization", ZETA)).andExpect(status().isNotFound());
        mvc.perform(get("/v1/files").header("Authorization", ACME))
                .andExpect(jsonPath("$.results[0].id").value(id));
        mvc.perform(delete("/v1/files/" + id).header("Authorization", ACME)).andExpect(status().isNoContent());
        mvc.perform(get("/v1/files/" + id).header("Authorization", ACME))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("File not found"));
    }

    @Test
    void aModelAndItsVersionsComeWithTheirSchemas() throws Exception {
        mvc.perform(get("/v1/models/black-forest-labs/flux-kontext-pro").header("Authorization", ACME))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner").value("black-forest-labs"))
                .andExpect(jsonPath("$.latest_version.id").isNotEmpty())
                .andExpect(jsonPath("$.latest_version.openapi_schema.components.schemas.Input.properties.input_image")
                        .exists());
        mvc.perform(get("/v1/models/black-forest-labs/flux-kontext-pro/versions")
                        .header("Authorization", ACME))
                .andExpect(jsonPath("$.results[0].openapi_schema").exists());
        mvc.perform(get("/v1/models/nobody/nothing").header("Authorization", ACME))
                .andExpect(status().isNotFound());
    }

    @Test
    void eachCallerHasItsOwnWebhookSecret() throws Exception {
        String acme = secretOf(ACME);

        assertThat(acme).matches("whsec_[A-Za-z0-9+/=]{40,}");
        assertThat(secretOf(ACME)).isEqualTo(acme);
        assertThat(secretOf(ZETA)).isNotEqualTo(acme);
    }

    @Test
    void aTrainingRunsThroughTheSameLifecycleAndIsServedAtBothPaths() throws Exception {
        String version = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";
        String body = mvc.perform(json(
                        "/v1/models/ostris/flux-dev-lora-trainer/versions/" + version + "/trainings",
                        "{\"destination\":\"acme/faces\",\"input\":{\"input_images\":\"https://x/f.zip\",\"trigger_word\":\"ZXQ\"}}",
                        ACME))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.destination").value("acme/faces"))
                .andExpect(jsonPath("$.model").value("ostris/flux-dev-lora-trainer"))
                .andExpect(jsonPath("$.version").value(version))
                .andExpect(jsonPath("$.urls.get").value(Matchers.containsString("/v1/trainings/")))
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(body, "$.id");

        submitDue();
        assertThat(replicate.trainingCreatePaths).hasSize(1);
        mvc.perform(get("/v1/trainings/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.id").value(id));
        mvc.perform(get("/v1/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.id").value(id));
        mvc.perform(get("/v1/trainings").header("Authorization", ACME))
                .andExpect(jsonPath("$.results[0].id").value(id));
        mvc.perform(json(
                        "/v1/models/ostris/flux-dev-lora-trainer/versions/" + version + "/trainings",
                        "{\"destination\":\"acme/faces\",\"input\":{}}",
                        ZETA))
                .andExpect(status().isForbidden());
    }

    private String secretOf(String key) throws Exception {
        return JsonPath.read(
                mvc.perform(get("/v1/webhooks/default/secret").header("Authorization", key))
                        .andExpect(status().isOk())
                        .andExpect(header().string("Cache-Control", "no-store"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.key");
    }

    /** What the container does when an async request's time is up: tells its listeners. */
    private static void timeOut(MvcResult waiting) throws Exception {
        MockAsyncContext context = (MockAsyncContext) waiting.getRequest().getAsyncContext();
        for (AsyncListener listener : context.getListeners()) {
            listener.onTimeout(new AsyncEvent(context));
        }
    }

    private ResultActions create(String path, String body, String key) throws Exception {
        ResultActions started = mvc.perform(json(path, body, key));
        MvcResult result = started.andReturn();
        return result.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(result)) : started;
    }

    private static MockHttpServletRequestBuilder json(String path, String body, String key) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body).header("Authorization", key);
    }

    private String idOf(ResultActions result) throws Exception {
        MvcResult done = result.andReturn();
        if (done.getRequest().isAsyncStarted()) {
            done = mvc.perform(asyncDispatch(done)).andReturn();
        }
        return JsonPath.read(done.getResponse().getContentAsString(), "$.id");
    }
}
