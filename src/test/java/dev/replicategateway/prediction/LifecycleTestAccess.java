package dev.replicategateway.prediction;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.List;
import org.springframework.http.MediaType;

/** Opens the lifecycle test harness to tests of other packages (webhooks, trainings, outputs, callers). */
public abstract class LifecycleTestAccess extends LifecycleTestSupport {

    /** The statuses of the events recorded for a prediction, in order. */
    protected List<PredictionStatus> eventStatusesOf(String id) {
        return eventLog.after(id, 0).stream().map(PredictionEvent::status).toList();
    }

    protected void submitDue() {
        submitter.submitDue();
    }

    protected void pollDue() {
        poller.pollDue();
    }

    /**
     * Accepts a PNG generation (with this {@code Authorization}, or none when null), sends it, and has
     * Replicate finish it with these output URLs, seen by the next poll; returns our id.
     */
    protected String succeededWith(String authorization, Object output) throws Exception {
        var request = post("/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"prompt\":\"keep me\",\"output_format\":\"png\"}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String accepted = mvc.perform(request)
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(accepted, "$.id");
        submitDue();
        replicate.update(stored(id).replicateId(), "succeeded", null, output);
        clock.advance(Duration.ofSeconds(2));
        pollDue();
        return id;
    }
}
