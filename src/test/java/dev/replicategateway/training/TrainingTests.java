package dev.replicategateway.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "gateway.training.replicate-username=me")
class TrainingTests extends LifecycleTestAccess {

    static final String TRAINER_VERSION = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";
    static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5};

    @Test
    void invalidRequestsNameEveryBadField() throws Exception {
        mvc.perform(
                        post("/trainings")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        """
                        {"images_url":"http://insecure/x.zip","trigger_word":"two words","destination":"no-slash",
                         "steps":1,"optimizer":"sgd","learning_rate":1}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(Matchers.containsInAnyOrder(
                                "images_url", "trigger_word", "destination", "steps", "optimizer", "learning_rate")));
        mvc.perform(post("/trainings").contentType(MediaType.APPLICATION_JSON).content("{\"trigger_word\":\"TOK\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("images_url"));
        assertThat(replicate.createCalls.get()).isZero();
    }

    @Test
    void defaultsAreTheSeedsAndTheDestinationIsCreatedPrivateWhenMissing() throws Exception {
        String id = train("{\"images_url\":\"https://example.com/faces.zip\",\"trigger_word\":\"TOK\"}");
        mvc.perform(get("/trainings/" + id))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.destination").value("me/anonymous-lora"))
                .andExpect(jsonPath("$.input.steps").value(1000))
                .andExpect(jsonPath("$.input.lora_rank").value(16))
                .andExpect(jsonPath("$.input.optimizer").value("adamw8bit"))
                .andExpect(jsonPath("$.input.batch_size").value(1))
                .andExpect(jsonPath("$.input.learning_rate").value(4e-4))
                .andExpect(jsonPath("$.input.caption_prefix").value("a photo of TOK"));
        submitDue();
        assertThat(replicate.modelCreates).hasSize(1);
        Map<String, Object> created = new ObjectMapper()
                .readValue(replicate.modelCreates.get(0).getBody().utf8(), new TypeReference<Map<String, Object>>() {});
        assertThat(created)
                .containsEntry("owner", "me")
                .containsEntry("name", "anonymous-lora")
                .containsEntry("visibility", "private");
        assertThat(replicate.trainingCreatePaths)
                .containsExactly("/v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings");
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.STARTING);
    }

    @Test
    void theTrainersLatestVersionIsResolvedOnceAndCached() throws Exception {
        train("{\"images_url\":\"https://example.com/a.zip\",\"trigger_word\":\"AAA\",\"destination\":\"me/a\"}");
        submitDue();
        int modelReadsAfterFirst = replicate.modelGets.get();
        train("{\"images_url\":\"https://example.com/b.zip\",\"trigger_word\":\"BBB\",\"destination\":\"me/a\"}");
        submitDue();
        assertThat(replicate.trainingCreatePaths).hasSize(2);
        assertThat(replicate.modelGets.get())
                .as("trainer version and destination are cached")
                .isEqualTo(modelReadsAfterFirst);
        String pinned = "a".repeat(64);
        train(
                "{\"images_url\":\"https://example.com/c.zip\",\"trigger_word\":\"CCC\",\"destination\":\"me/a\",\"trainer\":\"someone/trainer:"
                        + pinned + "\"}");
        submitDue();
        assertThat(replicate.trainingCreatePaths)
                .last()
                .isEqualTo("/v1/models/someone/trainer/versions/" + pinned + "/trainings");
    }

    @Test
    void anUploadedZipIsForwardedToTheFilesApiAndUsedAsInput() throws Exception {
        var result = mvc.perform(multipart("/trainings")
                        .file(new MockMultipartFile("images", "faces.zip", "application/zip", ZIP))
                        .param("trigger_word", "TOK")
                        .param("steps", "500"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.input.input_images").value("https://api.replicate.com/v1/files/file1"))
                .andExpect(jsonPath("$.input.steps").value(500))
                .andReturn();
        assertThat(replicate.fileUploads).hasSize(1);
        var upload = replicate.fileUploads.get(0);
        assertThat(upload.getHeaders().get("Content-Type")).startsWith("multipart/form-data");
        String body = upload.getBody().string(StandardCharsets.ISO_8859_1);
        assertThat(body)
                .contains("Content-Disposition: form-data; name=\"content\"; filename=\"faces.zip\"")
                .contains("Content-Type: application/zip")
                .contains(new String(ZIP, StandardCharsets.ISO_8859_1));
        assertThat((String) JsonPath.read(result.getResponse().getContentAsString(), "$.id"))
                .startsWith("gw_");
    }

    @Test
    void anUploadThatIsNotAZipIsRefusedBeforeAnythingIsSent() throws Exception {
        mvc.perform(multipart("/trainings")
                        .file(new MockMultipartFile(
                                "images", "faces.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                        .param("trigger_word", "TOK"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("images"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a zip file"));
        assertThat(replicate.fileUploads).isEmpty();
    }

    @Test
    void aTrainingRunsToSuccessAndItsModelIsUsableByGenerateWithItsTriggerWord() throws Exception {
        String id = train(
                "{\"images_url\":\"https://example.com/faces.zip\",\"trigger_word\":\"ZXQ\",\"destination\":\"me/faces\"}");
        submitDue();
        String rid = stored(id).replicateId();
        replicate.update(rid, "processing", "flux_train_replicate:  10%|█         | 100/1000 [01:00<09:00]\n", null);
        clock.advance(Duration.ofSeconds(31));
        pollDue();
        assertThat(stored(id).progress()).isEqualTo(0.1);
        String version = "b".repeat(64);
        replicate.update(
                rid,
                "succeeded",
                null,
                Map.of("version", "me/faces:" + version, "weights", "https://replicate.delivery/w.tar"));
        clock.advance(Duration.ofSeconds(31));
        pollDue();
        mvc.perform(get("/trainings/" + id))
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.version").value("me/faces:" + version))
                .andExpect(jsonPath("$.weights").value("https://replicate.delivery/w.tar"))
                .andExpect(jsonPath("$.trigger_word").value("ZXQ"));

        var generated = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"on the moon\",\"lora\":{\"model\":\"me/faces:" + version
                                + "\",\"scale\":0.9}}"))
                .andExpect(status().isAccepted())
                .andReturn();
        String prediction = JsonPath.read(generated.getResponse().getContentAsString(), "$.id");
        assertThat(stored(prediction).input())
                .containsEntry("prompt", "ZXQ on the moon")
                .containsEntry("lora_scale", 0.9);
        assertThat(stored(prediction).model()).isEqualTo("me/faces:" + version);
    }

    @Test
    void theTriggerWordIsFoundWhenTheModelIsNamedInAnotherCaseThanItsTraining() throws Exception {
        String version = "c".repeat(64);
        // Replicate names the version in lower case, whatever case the destination was written in.
        trainedInto("Me/Faces", "ZXQ", version);

        assertThat(promptOfLoraRun("me/faces:" + version)).isEqualTo("ZXQ on the moon");
    }

    @Test
    void aTrainingStoredByThePreviousReleaseIsStillFoundByItsExactName() throws Exception {
        String version = "d".repeat(64);
        String id = trainedInto("me/faces", "ZXQ", version);
        // What an instance of the release before V16 writes, during a rolling upgrade.
        jdbc.sql("update trainings set destination_key = null where id = :id")
                .param("id", id)
                .update();

        assertThat(promptOfLoraRun("me/faces:" + version)).isEqualTo("ZXQ on the moon");
    }

    private String trainedInto(String destination, String triggerWord, String version) throws Exception {
        String id = train("{\"images_url\":\"https://example.com/faces.zip\",\"trigger_word\":\"" + triggerWord
                + "\",\"destination\":\"" + destination + "\"}");
        submitDue();
        replicate.update(
                stored(id).replicateId(),
                "succeeded",
                null,
                Map.of(
                        "version",
                        destination.toLowerCase(Locale.ROOT) + ":" + version,
                        "weights",
                        "https://replicate.delivery/w.tar"));
        clock.advance(Duration.ofSeconds(31));
        pollDue();
        return id;
    }

    private String promptOfLoraRun(String model) throws Exception {
        var generated = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"on the moon\",\"lora\":{\"model\":\"" + model + "\"}}"))
                .andExpect(status().isAccepted())
                .andReturn();
        String prediction = JsonPath.read(generated.getResponse().getContentAsString(), "$.id");
        return (String) stored(prediction).input().get("prompt");
    }

    @Test
    void aTrainedModelAlsoRunsAsLoraWeightsOnFluxDevLoraWithItsTriggerWord() throws Exception {
        trainedInto("me/faces", "ZXQ", "b".repeat(64));

        var generated = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"on the moon\",\"lora\":{\"weights\":\"me/faces\",\"scale\":0.7},"
                                + "\"guidance_scale\":3}"))
                .andExpect(status().isAccepted())
                .andReturn();
        String prediction = JsonPath.read(generated.getResponse().getContentAsString(), "$.id");

        assertThat(stored(prediction).model()).isEqualTo("black-forest-labs/flux-dev-lora");
        assertThat(stored(prediction).input())
                .containsEntry("prompt", "ZXQ on the moon")
                .containsEntry("lora_weights", "me/faces")
                .containsEntry("lora_scale", 0.7)
                .containsEntry("guidance", 3.0);
        String url = "https://huggingface.co/someone/style/resolve/main/style.safetensors";
        mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"ink\",\"lora\":{\"weights\":\"" + url
                                + "\",\"trigger_word\":\"INK\",\"extra\":\"me/faces\",\"extra_scale\":0.5}}"))
                .andExpect(status().isAccepted());
        mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"prompt\":\"x\",\"model\":\"flux-schnell\",\"lora\":{\"weights\":\"" + url + "\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model"));
    }

    @Test
    void trainingsAreListedAndCanceledApartFromPredictions() throws Exception {
        String id = train("{\"images_url\":\"https://example.com/faces.zip\",\"trigger_word\":\"TOK\"}");
        mvc.perform(get("/trainings")).andExpect(jsonPath("$.results[0].id").value(id));
        mvc.perform(get("/predictions/" + id)).andExpect(status().isNotFound());
        mvc.perform(post("/trainings/" + id + "/cancel")).andExpect(status().isAccepted());
        submitDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.CANCELED);
        mvc.perform(get("/trainings/gw_nope")).andExpect(status().isNotFound());
    }

    @Test
    void aRunningTrainingIsPolledEveryThirtySecondsNotOnThePredictionSchedule() throws Exception {
        train("{\"images_url\":\"https://example.com/faces.zip\",\"trigger_word\":\"TOK\"}");
        submitDue();
        int before = replicate.getCalls.get();

        for (int second = 0; second < 9 * 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            pollDue();
        }

        assertThat(replicate.getCalls.get() - before).isBetween(17, 19);
    }

    private String train(String body) throws Exception {
        var result = mvc.perform(post("/trainings")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isAccepted())
                .andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }
}
