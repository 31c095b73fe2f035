package dev.replicategateway.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.support.FakeReplicate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/** One Replicate account, many callers: none reaches another's models, and each stays inside its own limits. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=alice:alice-key-0123456789,bob:bob-key-0123456789ab,olga:olga-key-0123456789",
            "gateway.callers.quotas.olga.models=black-forest-labs/*",
            "gateway.callers.quotas.olga.predictions-per-day=2",
            "gateway.training.replicate-username=acct"
        })
class CallersApartTests extends LifecycleTestAccess {

    static final String ALICE = "Bearer alice-key-0123456789";
    static final String BOB = "Bearer bob-key-0123456789ab";
    static final String OLGA = "Bearer olga-key-0123456789";
    static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5};

    @Test
    void eachCallerTrainsIntoAModelOfItsOwnByDefault() throws Exception {
        train(ALICE, "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"AAA\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.destination").value("acct/alice-lora"));
        train(BOB, "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.destination").value("acct/bob-lora"));
    }

    /** A claim is made in the transaction that accepts the training: a request refused on the way claims nothing. */
    @Test
    void aRefusedTrainingRequestClaimsNoModel() throws Exception {
        train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"AAA\","
                                + "\"destination\":\"acct/squatted\",\"webhook\":\"ftp://example.com/hook\"}")
                .andExpect(status().is4xxClientError());
        assertThat(jdbc.sql("select count(*) from model_owners")
                        .query(Long.class)
                        .single())
                .isZero();

        train(
                        BOB,
                        "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\","
                                + "\"destination\":\"acct/squatted\"}")
                .andExpect(status().isAccepted());
        assertThat(jdbc.sql("select owner from model_owners where model = 'acct/squatted'")
                        .query(String.class)
                        .single())
                .isEqualTo("bob");
    }

    /** A default destination is known before its caller's first training: no other caller may take it. */
    @Test
    void aCallersDefaultDestinationIsRefusedToOtherCallersBeforeItsFirstTraining() throws Exception {
        train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"AAA\","
                                + "\"destination\":\"acct/bob-lora\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"))
                .andExpect(jsonPath("$.detail")
                        .value("The model 'acct/bob-lora' belongs to another caller; your key may not train into it."));
        assertThat(jdbc.sql("select count(*) from model_owners")
                        .query(Long.class)
                        .single())
                .isZero();

        train(BOB, "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\"}")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.destination").value("acct/bob-lora"));
    }

    @Test
    void aCallerCanNeitherTrainIntoNorRunNorReadTheTriggerWordOfAnothersModel() throws Exception {
        String training = idOf(train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"ZXQ\",\"destination\":\"acct/faces\"}")
                .andExpect(status().isAccepted()));
        submitDue();
        // Running on Replicate, not yet known here to have succeeded: its version may already be there.
        replicate.addVersion("acct/faces", "b".repeat(64));
        generateAs(BOB, "{\"prompt\":\"a portrait\",\"lora\":{\"model\":\"acct/faces\"}}")
                .andExpect(status().isForbidden());
        finishTraining(training, "acct/faces", "c".repeat(64));

        train(
                        BOB,
                        "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\",\"destination\":\"acct/faces\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));
        generateAs(BOB, "{\"prompt\":\"a portrait\",\"lora\":{\"model\":\"acct/faces\"}}")
                .andExpect(status().isForbidden());
        generateAs(BOB, "{\"prompt\":\"a portrait\",\"model\":\"acct/faces:" + "c".repeat(64) + "\"}")
                .andExpect(status().isForbidden());
        // Its weights named as another model's LoRA input, on either door.
        generateAs(
                        BOB,
                        "{\"prompt\":\"a portrait\",\"model\":\"flux-schnell\",\"input\":{\"lora_weights\":\"acct/faces\"}}")
                .andExpect(status().isForbidden());
        mvc.perform(post("/v1/models/black-forest-labs/flux-schnell/predictions")
                        .header("Authorization", BOB)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"input\":{\"prompt\":\"a portrait\",\"extra_lora\":\"acct/faces:" + "c".repeat(64)
                                + "\"}}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));

        // Nor read its schema or versions, on either door.
        for (String path : new String[] {
            "/models/acct/faces",
            "/v1/models/acct/faces",
            "/v1/models/acct/faces/versions",
            "/v1/models/acct/faces/versions/" + "c".repeat(64)
        }) {
            mvc.perform(get(path).header("Authorization", BOB))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.title").value("Model of another caller"));
            mvc.perform(get(path).header("Authorization", ALICE)).andExpect(status().isOk());
        }

        String mine = idOf(generateAs(ALICE, "{\"prompt\":\"a portrait\",\"lora\":{\"model\":\"acct/faces\"}}")
                .andExpect(status().isAccepted()));
        assertThat(stored(mine).input()).containsEntry("prompt", "ZXQ a portrait");
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'bob'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /** Replicate's names are lower case: another spelling of a model names the same model. */
    @Test
    void anothersModelSpelledInAnotherCaseIsStillTheirs() throws Exception {
        train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"ZXQ\",\"destination\":\"acct/Faces\"}")
                .andExpect(status().isAccepted());
        submitDue();

        train(
                        BOB,
                        "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\",\"destination\":\"ACCT/faces\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));
        generateAs(BOB, "{\"prompt\":\"a portrait\",\"lora\":{\"model\":\"Acct/FACES\"}}")
                .andExpect(status().isForbidden());
        mvc.perform(post("/v1/models/acct/faces/predictions")
                        .header("Authorization", BOB)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"input\":{\"prompt\":\"a portrait\"}}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));
        train(
                        BOB,
                        "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\","
                                + "\"destination\":\"acct/ALICE-lora\"}")
                .andExpect(status().isForbidden());
        assertThat(jdbc.sql("select model from model_owners")
                        .query(String.class)
                        .list())
                .containsExactly("acct/faces");
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'bob'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /**
     * Naming a model as a training's destination claims it for training, but until a training into it
     * has reached Replicate it holds none of the caller's weights: a claim on an official model (whose
     * training Replicate refuses) must not lock every other caller out of running it.
     */
    @Test
    void aModelIsAnotherCallersToRunOnlyOnceTheirTrainingIntoItReachedReplicate() throws Exception {
        String training = idOf(train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"ZXQ\","
                                + "\"destination\":\"black-forest-labs/flux-schnell\"}")
                .andExpect(status().isAccepted()));

        generateAs(BOB, "{\"prompt\":\"a lighthouse\",\"model\":\"flux-schnell\"}")
                .andExpect(status().isAccepted());
        train(
                        BOB,
                        "{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\","
                                + "\"destination\":\"black-forest-labs/flux-schnell\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));

        replicate.nextCreate(FakeReplicate.CreateScript.DESTINATION_REFUSED);
        submitDue();
        assertThat(stored(training).status().wireName()).isEqualTo("failed");
        assertThat(stored(training).replicateId()).isNull();
        generateAs(BOB, "{\"prompt\":\"a lighthouse\",\"model\":\"black-forest-labs/flux-schnell\"}")
                .andExpect(status().isAccepted());
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'bob'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    /**
     * replicate-javascript runs {@code owner/name:version} by sending only the version id, which names no
     * model: the version a training made still belongs to its caller.
     */
    @Test
    void theBareVersionIdOfAnothersTrainedModelIsRefusedToo() throws Exception {
        String version = "d".repeat(64);
        String training = idOf(train(
                        ALICE,
                        "{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"ZXQ\",\"destination\":\"acct/pets\"}")
                .andExpect(status().isAccepted()));
        finishTraining(training, "acct/pets", version);

        generateAs(BOB, "{\"prompt\":\"a portrait\",\"model\":\"" + version + "\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));
        mvc.perform(post("/v1/predictions")
                        .header("Authorization", BOB)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":\"" + version + "\",\"input\":{\"prompt\":\"ZXQ\"}}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.title").value("Model of another caller"));
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'bob'")
                        .query(Long.class)
                        .single())
                .isZero();

        mvc.perform(post("/v1/predictions")
                        .header("Authorization", ALICE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":\"" + version + "\",\"input\":{\"prompt\":\"ZXQ\"}}"))
                .andExpect(request().asyncStarted()); // admitted: its answer comes as a deferred result
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'alice' and model = :model")
                        .param("model", version)
                        .query(Long.class)
                        .single())
                .isOne();
    }

    @Test
    void aModelOutsideTheCallersAllowListIsRefusedBeforeAnythingIsStored() throws Exception {
        generateAs(OLGA, "{\"prompt\":\"x\",\"model\":\"flux-schnell\"}").andExpect(status().isAccepted());

        generateAs(OLGA, "{\"prompt\":\"x\",\"model\":\"someone/else\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("/problems/model-not-allowed"));
        generateAs(OLGA, "{\"prompt\":\"x\",\"model\":\"sdxl\"}").andExpect(status().isForbidden());

        assertThat(jdbc.sql("select count(*) from predictions where owner = 'olga'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anUploadedZipIsSentOnlyOnceAdmittedAndTheSameKeyAndZipAnswerTheSameTraining() throws Exception {
        String first = idOf(upload(ALICE, "zip-key").andExpect(status().isAccepted()));
        String again = idOf(upload(ALICE, "zip-key").andExpect(status().isAccepted()));

        assertThat(again).isEqualTo(first);
        assertThat(replicate.fileUploads).as("the replay uploads nothing").hasSize(1);

        // Olga is at her daily quota of 2: the third is refused before its zip leaves this service.
        generateAs(OLGA, "{\"prompt\":\"x\",\"model\":\"flux-schnell\"}").andExpect(status().isAccepted());
        generateAs(OLGA, "{\"prompt\":\"y\",\"model\":\"flux-schnell\"}").andExpect(status().isAccepted());
        mvc.perform(multipart("/trainings")
                        .file(new MockMultipartFile("images", "faces.zip", "application/zip", ZIP))
                        .param("trigger_word", "TOK")
                        .param("trainer", "black-forest-labs/trainer")
                        .header("Authorization", OLGA))
                .andExpect(status().isTooManyRequests());
        assertThat(replicate.fileUploads).hasSize(1);
    }

    private ResultActions upload(String key, String idempotencyKey) throws Exception {
        return mvc.perform(multipart("/trainings")
                .file(new MockMultipartFile("images", "faces.zip", "application/zip", ZIP))
                .param("trigger_word", "TOK")
                .header("Authorization", key)
                .header("Idempotency-Key", idempotencyKey));
    }

    private void finishTraining(String id, String destination, String version) throws Exception {
        submitDue();
        replicate.update(
                stored(id).replicateId(),
                "succeeded",
                null,
                Map.of("version", destination + ":" + version, "weights", "https://replicate.delivery/w.tar"));
        replicate.addVersion(destination, version);
        clock.advance(Duration.ofSeconds(31));
        pollDue();
    }

    private ResultActions train(String key, String body) throws Exception {
        return mvc.perform(post("/trainings")
                .header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private ResultActions generateAs(String key, String body) throws Exception {
        return mvc.perform(post("/generate")
                .header("Authorization", key)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }

    private static String idOf(ResultActions result) throws Exception {
        return JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$.id");
    }
}
