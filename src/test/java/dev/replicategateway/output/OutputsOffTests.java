package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.replicategateway.prediction.LifecycleTestAccess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/**
 * With outputs off the service starts as the run command starts it (scheduled work on) and serves
 * Replicate's own output URLs. Scheduling is on here because the keeper's job is what failed to start:
 * the submitter and poller wait an hour, so the test still drives them itself.
 */
@TestPropertySource(
        properties = {
            "gateway.outputs.enabled=false",
            "gateway.lifecycle.scheduling=true",
            "gateway.lifecycle.submit.interval=1h",
            "gateway.lifecycle.poll.interval=1h"
        })
class OutputsOffTests extends LifecycleTestAccess {

    @Autowired
    ApplicationContext context;

    @Test
    void theServiceStartsWithoutAKeeperAndServesReplicatesOutputURLs() throws Exception {
        assertThat(context.getBeanNamesForType(OutputKeeper.class)).isEmpty();
        String url = server.url("/delivery/a.png").toString();
        String id = succeededWith(null, List.of(url));

        mvc.perform(get("/predictions/" + id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("succeeded"))
                .andExpect(jsonPath("$.output[0]").value(url))
                .andExpect(jsonPath("$.outputs_persisted").doesNotExist());
        assertThat(jdbc.sql("select count(*) from prediction_outputs")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
