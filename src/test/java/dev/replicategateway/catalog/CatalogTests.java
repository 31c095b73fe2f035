package dev.replicategateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.support.FakeReplicate.CreateScript;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

class CatalogTests extends LifecycleTestAccess {

    @Test
    void theCatalogListsEveryAliasWithTheInputsOfItsOwnSchemaAndAPrice() throws Exception {
        mvc.perform(get("/models"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.models[*].alias")
                        .value(Matchers.hasItems(
                                "flux-schnell",
                                "flux-dev",
                                "sdxl",
                                "flux-kontext-pro",
                                "flux-2-pro",
                                "imagen-4",
                                "seedream-4",
                                "nano-banana",
                                "ideogram-v3-turbo",
                                "recraft-v3")))
                .andExpect(jsonPath("$.models[?(@.alias=='flux-kontext-pro')].image_input")
                        .value(Matchers.contains("input_image")))
                .andExpect(jsonPath("$.models[?(@.alias=='flux-kontext-pro')].output")
                        .value(Matchers.contains("single")))
                .andExpect(jsonPath("$.models[?(@.alias=='flux-kontext-pro')].estimated_cost_usd")
                        .value(Matchers.contains(0.04)))
                .andExpect(jsonPath("$.models[?(@.alias=='imagen-4')].takes_images")
                        .value(Matchers.contains(false)))
                .andExpect(jsonPath("$.models[?(@.alias=='flux-dev')].presets")
                        .value(Matchers.contains(List.of("portrait", "landscape"))))
                .andExpect(jsonPath("$.models[?(@.alias=='sdxl')].presets").value(Matchers.contains(Matchers.empty())));

        mvc.perform(get("/models/flux-schnell"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.model").value("black-forest-labs/flux-schnell"))
                .andExpect(jsonPath("$.version").value(Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.inputs[?(@.name=='num_inference_steps')].maximum")
                        .value(Matchers.contains(4.0)))
                .andExpect(
                        jsonPath("$.inputs[?(@.name=='aspect_ratio')].enum[0]").value(Matchers.contains("1:1")))
                .andExpect(jsonPath("$.inputs[?(@.name=='prompt')].required").value(Matchers.contains(true)));
        mvc.perform(get("/models/black-forest-labs/flux-2-pro"))
                .andExpect(jsonPath("$.image_input").value("input_images"))
                .andExpect(jsonPath("$.inputs[?(@.name=='input_images')].max_items")
                        .value(Matchers.contains(8)));
        mvc.perform(get("/models/no-such-alias"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("/problems/not-found"));
        mvc.perform(get("/models/missing/model")).andExpect(status().isNotFound());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"prompt\":\"x\",\"model\":\"flux-kontext-pro\",\"output_format\":\"webp\"}",
                "{\"prompt\":\"x\",\"model\":\"imagen-4\",\"aspect_ratio\":\"21:9\"}",
                "{\"prompt\":\"x\",\"model\":\"flux-schnell\",\"input\":{\"aspect_ration\":\"16:9\"}}",
                "{\"prompt\":\"x\",\"model\":\"seedream-4\",\"input\":{\"size\":\"8K\"}}",
                "{\"prompt\":\"x\",\"model\":\"recraft-v3\",\"image\":\"https://x/y.png\"}",
                "{\"prompt\":\"x\",\"model\":\"sdxl\",\"preset\":\"portrait\"}",
                "{\"prompt\":\"x\",\"model\":\"flux-2-dev\",\"images\":[\"https://x/1.png\",\"https://x/2.png\","
                        + "\"https://x/3.png\",\"https://x/4.png\",\"https://x/5.png\"]}"
            })
    void anInputTheModelsSchemaRefusesIsA400AndNothingIsStoredOrSent(String body) throws Exception {
        generating(body)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors").isNotEmpty());
        submitDue();

        assertThat(replicate.createCalls.get()).isZero();
        assertThat(jdbc.sql("select count(*) from predictions")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void eachModelGetsItsImagesInItsOwnImageInput() throws Exception {
        String kontext =
                generate("{\"prompt\":\"make it blue\",\"model\":\"flux-kontext-pro\",\"image\":\"https://x/y.png\"}");
        String banana = generate(
                "{\"prompt\":\"combine\",\"model\":\"nano-banana\",\"images\":[\"https://x/a.png\",\"https://x/b.png\"]}");

        assertThat(stored(kontext).input()).containsEntry("input_image", "https://x/y.png");
        assertThat(stored(banana).input()).containsEntry("image_input", List.of("https://x/a.png", "https://x/b.png"));
    }

    @Test
    void aSchemaIsFetchedOnceForEveryRequestAndKeptInTheStore() throws Exception {
        replicate.addVersion("acme/fetched-once", "c".repeat(64));

        generate("{\"prompt\":\"x\",\"model\":\"acme/fetched-once\"}");
        generate("{\"prompt\":\"y\",\"model\":\"acme/fetched-once\",\"num_outputs\":2}");

        assertThat(replicate.modelGetsByName).containsEntry("acme/fetched-once", 1);
        assertThat(jdbc.sql("select version_id from model_schemas where ref = 'acme/fetched-once'")
                        .query(String.class)
                        .single())
                .isEqualTo("c".repeat(64));
    }

    @Test
    void aRefusalByReplicateOfAnInputTheSchemaAllowedFetchesTheSchemaAgain() throws Exception {
        replicate.addVersion("acme/changed", "d".repeat(64));
        String refused = generate("{\"prompt\":\"x\",\"model\":\"acme/changed\",\"num_outputs\":2}");
        replicate.nextCreate(CreateScript.INVALID_INPUT);

        submitDue();

        assertThat(stored(refused).status()).isEqualTo(PredictionStatus.FAILED);
        assertThat(stored(refused).error()).contains("input.num_outputs");
        assertThat(jdbc.sql("select stale from model_schemas where ref = 'acme/changed'")
                        .query(Boolean.class)
                        .single())
                .isTrue();
        generate("{\"prompt\":\"x\",\"model\":\"acme/changed\"}");
        assertThat(replicate.modelGetsByName).containsEntry("acme/changed", 2);
    }

    @Test
    void aModelWhoseSchemaCannotBeHadIsA503AndNothingIsSent() throws Exception {
        replicate.addVersionWithoutSchema("acme/opaque");

        generating("{\"prompt\":\"x\",\"model\":\"acme/opaque\"}")
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("/problems/schema-unavailable"))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("acme/opaque")));
        submitDue();

        assertThat(replicate.createCalls.get()).isZero();
        mvc.perform(get("/models/acme/opaque"))
                .andExpect(jsonPath("$.available").value(false));
    }

    @Test
    void aModelReplicateDoesNotKnowIsA400NamingTheField() throws Exception {
        generating("{\"prompt\":\"x\",\"model\":\"nobody/nothing\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model"))
                .andExpect(
                        jsonPath("$.errors[0].message").value(Matchers.containsString("not a model Replicate knows")));
    }

    private ResultActions generating(String body) throws Exception {
        return mvc.perform(
                post("/generate").contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
