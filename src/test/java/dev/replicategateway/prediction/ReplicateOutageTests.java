package dev.replicategateway.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.replicate.ReplicateService;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** While Replicate fails, the circuit breaker holds the submitter and poller back instead of burning attempts. */
@TestPropertySource(
        properties = {
            "replicate.circuit-breaker.window=4",
            "replicate.circuit-breaker.minimum-calls=4",
            "replicate.circuit-breaker.open-for=1s",
            "gateway.callers.admin-key=outage-admin-key-0123456789-0123456789abcdefabcdef"
        })
@DirtiesContext
class ReplicateOutageTests extends LifecycleTestSupport {

    @Autowired
    ReplicateService replicateService;

    @Test
    void anOutageOpensTheCircuitTheLifecycleWaitsAndResumesWhenReplicateIsBack() throws Exception {
        String id = generate("{\"prompt\":\"storm\",\"model\":\"flux-schnell\"}");
        replicate.outage(true);
        for (int round = 0; round < 4; round++) {
            submitter.submitDue();
            clock.advance(Duration.ofSeconds(15));
        }
        int attemptsDuringTheOutage = replicate.createCalls.get();
        assertThat(replicateService.isAvailable()).isFalse();

        for (int round = 0; round < 10; round++) {
            submitter.submitDue();
            poller.pollDue();
            clock.advance(Duration.ofSeconds(15));
        }
        assertThat(replicate.createCalls.get()).as("no attempt while open").isEqualTo(attemptsDuringTheOutage);
        mvc.perform(get("/actuator/health")
                        .header("Authorization", "Bearer outage-admin-key-0123456789-0123456789abcdefabcdef"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.replicate.status").value("DEGRADED"))
                .andExpect(jsonPath("$.components.replicate.details.circuitBreaker")
                        .value("OPEN"));

        replicate.outage(false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(replicateService::isAvailable);
        clock.advance(Duration.ofSeconds(15));
        submitter.submitDue();
        clock.advance(Duration.ofSeconds(11));
        submitter.submitDue();

        assertThat(stored(id).replicateId()).isNotNull();
        assertThat(replicate.created()).isEqualTo(1);
    }
}
