package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.support.FakeReplicate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** With API keys on, outputs and event streams are reachable from a browser through short-lived signed links. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=alice:alice-key-0123456789,erin:erin-key-0123456789",
            "gateway.links.ttl=10m"
        })
class SignedOutputLinkTests extends LifecycleTestAccess {

    static final String ALICE = "Bearer alice-key-0123456789";

    @Autowired
    OutputKeeper keeper;

    @Test
    void aKeptOutputsSignedLinkOpensItWithoutTheKey() throws Exception {
        String id = succeededWith(ALICE, List.of(server.url("/delivery/a.png").toString()));
        keeper.copyDue();
        String link = outputLink(id, 0);
        assertThat(link).startsWith("/predictions/" + id + "/outputs/0?caller=alice&expires=");

        mvc.perform(get(link)).andExpect(status().isOk()).andExpect(content().bytes(FakeReplicate.PNG));
        mvc.perform(get("/predictions/" + id + "/outputs/0")).andExpect(status().isUnauthorized());
    }

    @Test
    void aLinkOpensOnlyThePathItWasSignedFor() throws Exception {
        String id = succeededWith(ALICE, List.of(server.url("/delivery/a.png").toString()));
        keeper.copyDue();
        String link = outputLink(id, 0);
        String query = link.substring(link.indexOf('?'));

        mvc.perform(get("/predictions/" + id + "/outputs/1" + query))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/link-invalid"));
        mvc.perform(get("/predictions/" + id + query))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/unauthorized"));
        mvc.perform(get(link.replace("caller=alice", "caller=erin"))).andExpect(status().isUnauthorized());
        mvc.perform(get(link.replaceFirst("expires=(\\d+)", "expires=9$1"))).andExpect(status().isUnauthorized());
        mvc.perform(get(link.substring(0, link.length() - 2) + "xx")).andExpect(status().isUnauthorized());
    }

    @Test
    void aLinkExpiresAfterItsPeriodAndAFreshOneIsIssued() throws Exception {
        long intoPeriod =
                clock.instant().getEpochSecond() % Duration.ofMinutes(10).toSeconds();
        clock.advance(Duration.ofSeconds(Duration.ofMinutes(10).toSeconds() - intoPeriod + 1));
        String id = succeededWith(ALICE, List.of(server.url("/delivery/a.png").toString()));
        keeper.copyDue();
        String link = outputLink(id, 0);
        clock.advance(Duration.ofMinutes(9));
        mvc.perform(get(link)).andExpect(status().isOk());
        assertThat(outputLink(id, 0)).as("the same URL within one period").isEqualTo(link);

        clock.advance(Duration.ofMinutes(12));
        mvc.perform(get(link))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.title").value("Link expired"));
        String fresh = outputLink(id, 0);
        assertThat(fresh).isNotEqualTo(link);
        mvc.perform(get(fresh)).andExpect(status().isOk());
        // A stored stale link still opens with the owner's key.
        mvc.perform(get(link).header("Authorization", ALICE)).andExpect(status().isOk());
    }

    @Test
    void theAcceptedAnswersEventsLinkOpensTheStreamWithoutTheKey() throws Exception {
        var accepted = mvc.perform(post("/generate")
                        .header("Authorization", ALICE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"stream me\"}"))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        String id = JsonPath.read(accepted, "$.id");
        String events = JsonPath.read(accepted, "$.links.events");
        assertThat(events).startsWith("/predictions/" + id + "/events?caller=alice&");

        mvc.perform(get(events)).andExpect(status().isOk());
        mvc.perform(get("/predictions/" + id + "/events")).andExpect(status().isUnauthorized());
    }

    private String outputLink(String id, int index) throws Exception {
        String view = mvc.perform(get("/predictions/" + id).header("Authorization", ALICE))
                .andExpect(jsonPath("$.outputs_persisted").value(true))
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(view, "$.output[" + index + "]");
    }
}
