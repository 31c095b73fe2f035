package dev.replicategateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.prediction.LifecycleTestAccess;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** How requests are read: strict JSON types, uploads only where they belong, bounded metrics, guessed keys slowed. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=web:web-key-0123456789abcd",
            "gateway.callers.failed-attempts-per-minute=5"
        })
@ExtendWith(OutputCaptureExtension.class)
class RequestHandlingTests extends LifecycleTestAccess {

    static final String KEY = "Bearer web-key-0123456789abcd";

    @Autowired
    MeterRegistry meters;

    @Test
    void aNumberWhereAStringBelongsIsRefusedNotConverted() throws Exception {
        generateWithKey("{\"prompt\":5}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("prompt"));
        generateWithKey("{\"prompt\":\"x\",\"num_outputs\":\"2\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("num_outputs"));
        generateWithKey("{\"prompt\":\"x\",\"disable_safety_checker\":1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("disable_safety_checker"));
        generateWithKey("{\"prompt\":{\"text\":\"x\"}}").andExpect(status().isBadRequest());
        generateWithKey("{\"prompt\":true}").andExpect(status().isBadRequest());
        assertThat(replicate.createCalls.get()).isZero();
        generateWithKey("{\"prompt\":\"x\",\"num_outputs\":2}").andExpect(status().isAccepted());
    }

    @Test
    void multipartBodiesAreRefusedOnEveryRouteThatTakesNoUpload() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "x.bin", "application/octet-stream", new byte[1024]);
        mvc.perform(multipart("/webhooks/replicate").file(file))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("/problems/unsupported-media-type"));
        mvc.perform(multipart("/predictions/gw_x/cancel").file(file).header("Authorization", KEY))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(multipart("/actuator/health").file(file)).andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void aModelNameACallerChoseDoesNotBecomeAMetricSeries() throws Exception {
        replicate.addVersion("someone/random-name-8812", "c".repeat(64));
        generateWithKey("{\"prompt\":\"x\",\"model\":\"someone/random-name-8812\"}")
                .andExpect(status().isAccepted());
        generateWithKey("{\"prompt\":\"x\",\"model\":\"flux-schnell\"}").andExpect(status().isAccepted());

        assertThat(meters.find("gateway.predictions.created")
                        .tag("model", "custom")
                        .counter())
                .isNotNull();
        assertThat(meters.find("gateway.predictions.created")
                        .tag("model", "black-forest-labs/flux-schnell")
                        .counter())
                .isNotNull();
        assertThat(meters.find("gateway.predictions.created")
                        .tag("model", "someone/random-name-8812")
                        .counter())
                .isNull();
    }

    @Test
    void wrongKeysFromOneAddressAreSlowedAndLoggedWithoutTheKey(CapturedOutput output) throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/predictions")
                            .header("Authorization", "Bearer guess-number-" + i + "-xyz")
                            .with(from("10.9.8.7")))
                    .andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/predictions").header("Authorization", KEY).with(from("10.9.8.7")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.title").value("Too many failed attempts"));
        assertThat(output).contains("Refused a wrong key").contains("10.9.8.7").doesNotContain("guess-number");
        mvc.perform(get("/predictions").header("Authorization", KEY).with(from("10.9.8.8")))
                .andExpect(status().isOk());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    private ResultActions generateWithKey(String body) throws Exception {
        return mvc.perform(post("/generate")
                .header("Authorization", KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body));
    }
}
