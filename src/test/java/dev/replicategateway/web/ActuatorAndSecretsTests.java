package dev.replicategateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.replicate.ReplicateProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(
        properties = {
            "replicate.api-token=r8_SuperSecretToken123",
            "replicate.simulator.enabled=false",
            "gateway.callers.admin-key=admin-key-0123456789-0123456789abcdef",
            "gateway.callers.allow-open=true"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class ActuatorAndSecretsTests {

    static final String TOKEN = "r8_SuperSecretToken123";

    @Autowired
    MockMvc mvc;

    @Autowired
    ReplicateProperties properties;

    @Test
    void healthShowsOnlyItsStatusWithoutTheAdminKey() throws Exception {
        String body = mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").exists())
                .andExpect(jsonPath("$.components").doesNotExist())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).doesNotContain("replicate").doesNotContain("OPEN").doesNotContain("http");
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components").doesNotExist());
    }

    @Test
    void healthAnswersWithReplicateDetailsButNoToken() throws Exception {
        String body = mvc.perform(
                        get("/actuator/health").header("Authorization", "Bearer admin-key-0123456789-0123456789abcdef"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.replicate.details.tokenConfigured")
                        .value(true))
                .andExpect(jsonPath("$.components.replicate.details.mode").value("Replicate"))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(body).doesNotContain(TOKEN);
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/health/readiness")).andExpect(status().isOk());
    }

    @Test
    void theActuatorBeyondHealthNeedsTheAdminKeyAndNeverShowsEnvironmentOrConfiguration() throws Exception {
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/env")).andExpect(status().isUnauthorized());
        String admin = "Bearer admin-key-0123456789-0123456789abcdef";
        mvc.perform(get("/actuator/env").header("Authorization", admin)).andExpect(status().isNotFound());
        mvc.perform(get("/actuator/configprops").header("Authorization", admin)).andExpect(status().isNotFound());
        // Tests run without a Prometheus registry (Boot's default); the metrics endpoint shows the same meters.
        String names = mvc.perform(get("/actuator/metrics").header("Authorization", admin))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(names)
                .contains("gateway.predictions.queued", "gateway.predictions.in_flight")
                .doesNotContain(TOKEN);
    }

    @Test
    void everyAnswerSaysWhichReplicateIsUsed() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(header().string("X-Replicate-Mode", "live"));
    }

    @Test
    void propertiesNeverPrintTheToken(CapturedOutput output) {
        assertThat(properties.toString()).doesNotContain(TOKEN).contains("******");
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }
}
