package dev.replicategateway.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.caller.CurrentCaller;
import dev.replicategateway.caller.ModelAllowList;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.callerwebhook.CallerWebhooks;
import dev.replicategateway.catalog.CatalogFromResources;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionIntake;
import dev.replicategateway.prediction.ResultCache;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.pricing.PricingProperties;
import dev.replicategateway.replicate.UpstreamTarget;
import dev.replicategateway.upload.UploadedInputs;
import dev.replicategateway.web.PublicBaseUrl;
import dev.replicategateway.web.WebProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

// Authentication, quotas and the simulator are tested elsewhere; this slice is about the request itself.
@WebMvcTest(
        controllers = GenerationController.class,
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "dev\\.replicategateway\\.(caller|simulator)\\..*"))
@Import({
    GenerationService.class,
    GenerationPlanner.class,
    ModelUse.class,
    ImageInputs.class,
    CatalogFromResources.class,
    CurrentCaller.class,
    Prices.class,
    GenerationControllerTests.Setup.class
})
class GenerationControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    PredictionIntake intake;

    @MockitoBean
    TrainedModels trainedModels;

    @MockitoBean
    SignedLinks links;

    @MockitoBean
    ModelAllowList allowList;

    @MockitoBean
    ResultCache cache;

    @MockitoBean
    UploadedInputs uploads;

    @MockitoBean
    CallerWebhooks webhooks;

    @MockitoBean
    PublicBaseUrl baseUrl;

    @BeforeEach
    void acceptEverything() {
        given(links.events(anyString(), anyString()))
                .willAnswer(
                        call -> "/predictions/" + call.getArgument(0) + "/events?signed-for=" + call.getArgument(1));
        given(intake.accept(any(Caller.class), any(), any(), anyString(), isNull(), any()))
                .willAnswer(call -> {
                    List<NewPrediction> items = call.getArgument(1);
                    return new PredictionIntake.Accepted(
                            items.stream()
                                    .map(GenerationControllerTests::queued)
                                    .toList(),
                            false);
                });
        given(trainedModels.triggerWord(any(), anyString())).willReturn(Optional.empty());
    }

    @Test
    void validRequestIsAcceptedWithLocationAndLinks() throws Exception {
        generate("{\"prompt\":\"a fox\"}")
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/predictions/gw_test"))
                .andExpect(jsonPath("$.status").value("queued"))
                .andExpect(jsonPath("$.links.self").value("/predictions/gw_test"))
                .andExpect(jsonPath("$.links.events").value("/predictions/gw_test/events?signed-for=anonymous"));
        Map<String, Object> input = sent().input();
        assertThat(input).containsExactly(Map.entry("prompt", "a fox"));
        assertThat(sent().model()).isEqualTo("black-forest-labs/flux-dev");
    }

    @Test
    void everyInvalidFieldIsNamedInOneProblem() throws Exception {
        generate(
                        """
                {"prompt":"", "num_outputs":9, "aspect_ratio":"7:1", "output_format":"gif", "output_quality":101,
                 "guidance_scale":-1, "seed":-5, "preset":"square", "image":"ftp://x"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/invalid-request"))
                .andExpect(jsonPath("$.errors[*].field")
                        .value(Matchers.containsInAnyOrder(
                                "prompt",
                                "num_outputs",
                                "aspect_ratio",
                                "output_format",
                                "output_quality",
                                "guidance_scale",
                                "seed",
                                "preset",
                                "image")));
        verify(intake, never()).accept(any(Caller.class), any(), any(), anyString(), any(), any());
    }

    @Test
    void fluxDevRangesAreEnforced() throws Exception {
        generate("{\"prompt\":\"x\",\"num_inference_steps\":51,\"guidance_scale\":10.5,\"negative_prompt\":\"no\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(Matchers.containsInAnyOrder(
                                "num_inference_steps", "guidance_scale", "negative_prompt")));
    }

    @Test
    void fluxSchnellTakesAtMostFourStepsAndNoGuidance() throws Exception {
        generate("{\"prompt\":\"x\",\"model\":\"flux-schnell\",\"num_inference_steps\":5,\"guidance_scale\":3}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field=='num_inference_steps')].message")
                        .value("must be at most 4 for black-forest-labs/flux-schnell"))
                .andExpect(jsonPath("$.errors[?(@.field=='guidance_scale')].message")
                        .value(Matchers.contains(
                                Matchers.startsWith("is not an input of black-forest-labs/flux-schnell"))));
    }

    @Test
    void sdxlIsPinnedToItsVersionAndTakesItsOwnInputs() throws Exception {
        generate(
                        """
                {"prompt":"castle","model":"sdxl","negative_prompt":"blurry","width":1024,"height":768,
                 "scheduler":"K_EULER","num_inference_steps":40,"guidance_scale":7.5,"refine":"expert_ensemble_refiner",
                 "apply_watermark":false}""")
                .andExpect(status().isAccepted());
        assertThat(sent().model()).startsWith("stability-ai/sdxl:7762fd07");
        assertThat(sent().input())
                .containsEntry("negative_prompt", "blurry")
                .containsEntry("scheduler", "K_EULER")
                .containsEntry("refine", "expert_ensemble_refiner")
                .containsEntry("width", 1024);
        generate("{\"prompt\":\"castle\",\"model\":\"sdxl\",\"aspect_ratio\":\"1:1\",\"preset\":\"portrait\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.containsInAnyOrder("aspect_ratio", "preset")));
    }

    @Test
    void portraitPresetAppliesTheSeedSettings() throws Exception {
        generate("{\"prompt\":\"face\",\"preset\":\"portrait\"}").andExpect(status().isAccepted());
        assertThat(sent().input())
                .containsEntry("aspect_ratio", "2:3")
                .containsEntry("num_inference_steps", 30)
                .containsEntry("guidance", 4.0)
                .containsEntry("output_format", "webp")
                .containsEntry("output_quality", 90);
    }

    @Test
    void fluxDevGetsItsGuidanceUnderItsOwnNameWhileLoraModelsKeepGuidanceScale() throws Exception {
        generate("{\"prompt\":\"x\",\"guidance_scale\":2.5}").andExpect(status().isAccepted());
        assertThat(sent().input()).containsEntry("guidance", 2.5).doesNotContainKey("guidance_scale");
        generate("{\"prompt\":\"x\",\"guidance_scale\":2.5,\"lora\":{\"model\":\"me/face\"}}")
                .andExpect(status().isAccepted());
        assertThat(sent().input()).containsEntry("guidance_scale", 2.5).doesNotContainKey("guidance");
    }

    @Test
    void explicitFieldsWinOverThePreset() throws Exception {
        generate("{\"prompt\":\"hills\",\"preset\":\"landscape\",\"aspect_ratio\":\"21:9\",\"output_quality\":70}")
                .andExpect(status().isAccepted());
        assertThat(sent().input())
                .containsEntry("aspect_ratio", "21:9")
                .containsEntry("output_quality", 70)
                .containsEntry("num_inference_steps", 28)
                .containsEntry("guidance", 3.5)
                .containsEntry("output_format", "webp");
    }

    @Test
    void loraTriggerWordIsPrependedWhenMissing() throws Exception {
        generate(
                        "{\"prompt\":\"on a beach\",\"lora\":{\"model\":\"me/my-face\",\"scale\":0.8,\"trigger_word\":\"TOK\"}}")
                .andExpect(status().isAccepted());
        assertThat(sent().model()).isEqualTo("me/my-face");
        assertThat(sent().input()).containsEntry("prompt", "TOK on a beach").containsEntry("lora_scale", 0.8);
    }

    @Test
    void loraTriggerWordAlreadyInThePromptIsNotRepeated() throws Exception {
        generate("{\"prompt\":\"a photo of TOK smiling\",\"lora\":{\"model\":\"me/my-face\",\"trigger_word\":\"TOK\"}}")
                .andExpect(status().isAccepted());
        assertThat(sent().input())
                .containsEntry("prompt", "a photo of TOK smiling")
                .containsEntry("lora_scale", 1.0);
    }

    @Test
    void triggerWordOfATrainedModelIsFoundWithoutTheRequestNamingIt() throws Exception {
        given(trainedModels.triggerWord(any(), eq("me/trained"))).willReturn(Optional.of("ZXQ"));
        generate("{\"prompt\":\"in space\",\"lora\":{\"model\":\"me/trained\"}}")
                .andExpect(status().isAccepted());
        assertThat(sent().input()).containsEntry("prompt", "ZXQ in space");
    }

    @Test
    void loraMustNameACustomModelAndAgreeWithModel() throws Exception {
        generate("{\"prompt\":\"x\",\"lora\":{\"model\":\"flux-dev\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lora.model"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("runs no LoRA: black-forest-labs/flux-dev has no lora_scale input"));
        generate("{\"prompt\":\"x\",\"model\":\"a/b\",\"lora\":{\"model\":\"c/d\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model"));
        generate("{\"prompt\":\"x\",\"lora\":{\"model\":\"me/face\",\"scale\":3.5}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lora.scale"));
    }

    @Test
    void modelReferencesTakeEveryReplicateForm() throws Exception {
        String version = "a".repeat(64);
        generate("{\"prompt\":\"x\",\"model\":\"me/custom:" + version + "\"}").andExpect(status().isAccepted());
        assertThat(sent().model()).isEqualTo("me/custom:" + version);
        generate("{\"prompt\":\"x\",\"model\":\"deployments/me/fast-flux\"}").andExpect(status().isAccepted());
        assertThat(sent().model()).isEqualTo("deployments/me/fast-flux");
        generate("{\"prompt\":\"x\",\"model\":\"not a model\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("model"));
    }

    @Test
    void rawInputIsMergedButCannotOverrideTypedFields() throws Exception {
        generate("{\"prompt\":\"x\",\"model\":\"me/custom\",\"input\":{\"go_fast\":false,\"megapixels\":\"0.25\"}}")
                .andExpect(status().isAccepted());
        assertThat(sent().input()).containsEntry("go_fast", false).containsEntry("megapixels", "0.25");
        generate("{\"prompt\":\"x\",\"model\":\"me/custom\",\"input\":{\"prompt\":\"y\",\"Bad-Name\":1}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(Matchers.containsInAnyOrder("input.prompt", "input.Bad-Name")));
    }

    @Test
    void malformedAndUnknownInputIsA400Problem() throws Exception {
        generate("{\"prompt\":")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("/problems/malformed-body"));
        generate("{\"prompt\":\"x\",\"colour\":\"red\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("colour"));
        generate("{\"prompt\":\"x\",\"num_outputs\":\"two\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("num_outputs"));
        generate("{\"prompt\":\"x\",\"num_outputs\":1.5}").andExpect(status().isBadRequest());
        generate("[]").andExpect(status().isBadRequest());
        generate("{\"prompt\":\"x\\u0000y\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("prompt"));
        generate("{\"prompt\":\"" + "p".repeat(4001) + "\"}").andExpect(status().isBadRequest());
        mvc.perform(post("/generate").contentType(MediaType.TEXT_PLAIN).content("prompt=x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"));
        generate("{\"prompt\":\"" + "p".repeat(5_000_000) + "\"}")
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("/problems/body-too-large"));
    }

    @Test
    void idempotencyKeyIsPassedWithAFingerprintThatIgnoresWhitespace() throws Exception {
        mvc.perform(post("/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "k1")
                .content("{\"prompt\":\"a\"}"));
        mvc.perform(post("/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", "k1")
                .content("{ \"prompt\" : \"a\" }"));
        ArgumentCaptor<String> hashes = ArgumentCaptor.forClass(String.class);
        verify(intake, Mockito.times(2))
                .accept(
                        argThat(caller -> caller.name().equals(Caller.ANONYMOUS)),
                        any(),
                        eq("k1"),
                        hashes.capture(),
                        isNull(),
                        any());
        assertThat(hashes.getAllValues().get(0)).isEqualTo(hashes.getAllValues().get(1));
        mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", "bad key\u0001")
                        .content("{\"prompt\":\"a\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void batchReportsInvalidFieldsWithTheirIndex() throws Exception {
        mvc.perform(
                        post("/generate/batch")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"requests\":[{\"prompt\":\"ok\"},{\"prompt\":\"x\",\"model\":\"flux-schnell\",\"num_inference_steps\":9}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("requests[1].num_inference_steps"));
        mvc.perform(post("/generate/batch")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"requests\":[]}"))
                .andExpect(status().isBadRequest());
    }

    private ResultActions generate(String body) throws Exception {
        return mvc.perform(
                post("/generate").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private NewPrediction sent() {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<NewPrediction>> items = ArgumentCaptor.forClass(List.class);
        verify(intake, Mockito.atLeastOnce())
                .accept(any(Caller.class), items.capture(), any(), anyString(), isNull(), any());
        return items.getValue().get(0);
    }

    private static Prediction queued(NewPrediction item) {
        Instant now = Instant.now();
        return Prediction.queued("gw_test", item.kind(), item.model(), item.input(), now)
                .owner("anonymous")
                .deadlineAt(now)
                .build();
    }

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GenerationProperties.class, WebProperties.class, PricingProperties.class})
    static class Setup {
        @Bean
        UpstreamTarget upstreamTarget() {
            return new UpstreamTarget(false, () -> "http://localhost/v1", "r8_test");
        }
    }
}
