package dev.replicategateway.callerwebhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.common.StandardWebhooks;
import dev.replicategateway.prediction.LifecycleTestAccess;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** Webhooks to callers: signed as Standard Webhooks, delivered from the outbox, retried for a day, then dead. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=acme:acme-key-0123456789abcdef",
            "gateway.caller-webhooks.first-retry=10s",
            "gateway.caller-webhooks.give-up-after=1h"
        })
class CallerWebhookTests extends LifecycleTestAccess {

    static final String ACME = "Bearer acme-key-0123456789abcdef";
    private final ObjectMapper json = new ObjectMapper();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private MockWebServer receiver;

    @Autowired
    OutboxDeliverer deliverer;

    @Autowired
    CallerWebhookSecrets secrets;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void startReceiver() throws IOException {
        jdbc.sql("delete from webhook_outbox").update();
        jdbc.sql("delete from caller_webhooks").update();
        receiver = new MockWebServer();
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                Integer code = answers.poll();
                MockResponse.Builder answer = new MockResponse.Builder().code(code == null ? 200 : code);
                if (code != null && code == 301) {
                    answer.addHeader("Location", receiver.url("/elsewhere").toString());
                }
                return answer.build();
            }
        });
        receiver.start(0);
    }

    @AfterEach
    void stopReceiver() throws IOException {
        receiver.close();
    }

    @Test
    void aFinishedPredictionIsPostedSignedWithTheCallersOwnSecret() throws Exception {
        String id = generateWithWebhook("[\"completed\"]");
        finish(id);
        assertThat(receiver.getRequestCount()).isZero();

        deliverer.deliverDue();

        RecordedRequest delivery = receiver.takeRequest(2, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        byte[] body = delivery.getBody().toByteArray();
        String webhookId = delivery.getHeaders().get("webhook-id");
        String timestamp = delivery.getHeaders().get("webhook-timestamp");
        assertThat(webhookId).startsWith("msg_");
        assertThat(delivery.getHeaders().get("webhook-signature"))
                .isEqualTo(StandardWebhooks.signatureHeader(webhookId, timestamp, body, secrets.secretOf("acme")));
        JsonNode sent = json.readTree(body);
        assertThat(sent.get("id").asText()).isEqualTo(id);
        assertThat(sent.get("status").asText()).isEqualTo("succeeded");
        assertThat(sent.at("/links/self").asText()).isEqualTo("http://localhost/predictions/" + id);
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.delivered").value(1))
                .andExpect(jsonPath("$.webhook.pending").value(0));
        deliverer.deliverDue();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aFailedDeliveryIsRetriedLaterWithTheSameIdAndBody() throws Exception {
        answers.add(500);
        String id = generateWithWebhook("[\"completed\"]");
        finish(id);

        deliverer.deliverDue();
        RecordedRequest first = receiver.takeRequest(2, TimeUnit.SECONDS);
        deliverer.deliverDue();
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.pending").value(1))
                .andExpect(jsonPath("$.webhook.last_error").value("answered 500"));
        clock.advance(Duration.ofSeconds(15));
        deliverer.deliverDue();

        RecordedRequest second = receiver.takeRequest(2, TimeUnit.SECONDS);
        assertThat(second.getHeaders().get("webhook-id"))
                .isEqualTo(first.getHeaders().get("webhook-id"));
        assertThat(second.getBody().utf8()).isEqualTo(first.getBody().utf8());
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.delivered").value(1));
    }

    @Test
    void aDestinationFailingPastTheGiveUpTimeIsDeadVisibleAndCounted() throws Exception {
        for (int i = 0; i < 50; i++) {
            answers.add(503);
        }
        String id = generateWithWebhook("[\"completed\"]");
        finish(id);

        for (int i = 0; i < 12; i++) {
            deliverer.deliverDue();
            clock.advance(Duration.ofMinutes(10));
        }

        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.dead").value(1))
                .andExpect(jsonPath("$.webhook.pending").value(0));
        assertThat(meters.get("gateway.caller_webhooks.dead").gauge().value()).isEqualTo(1.0);
        int tried = receiver.getRequestCount();
        clock.advance(Duration.ofHours(2));
        deliverer.deliverDue();
        assertThat(receiver.getRequestCount()).isEqualTo(tried);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        answers.add(301);
        String id = generateWithWebhook("[\"completed\"]");
        finish(id);

        deliverer.deliverDue();

        assertThat(receiver.takeRequest(2, TimeUnit.SECONDS).getUrl().encodedPath())
                .isEqualTo("/hook");
        assertThat(receiver.getRequestCount()).isEqualTo(1);
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.last_error").value("answered 301 (redirects are not followed)"));
    }

    @Test
    void theEventsFilterPicksWhatIsSentAndAStartIsToldOnce() throws Exception {
        String id = generateWithWebhook("[\"start\",\"completed\"]");
        submitDue();
        deliverer.deliverDue();
        replicate.update(stored(id).replicateId(), "processing", "10%\n", null);
        clock.advance(Duration.ofSeconds(2));
        pollDue();
        deliverer.deliverDue();
        finish(id);
        deliverer.deliverDue();

        List<String> statuses = List.of(
                statusOf(receiver.takeRequest(2, TimeUnit.SECONDS)),
                statusOf(receiver.takeRequest(2, TimeUnit.SECONDS)));
        assertThat(statuses).containsExactly("starting", "succeeded");
        assertThat(receiver.getRequestCount()).isEqualTo(2);
    }

    @Test
    void aCompletedEventWaitsForTheOutputsToBeKeptButNotForever() throws Exception {
        String id = generateWithWebhook("[\"completed\"]");
        submitDue();
        replicate.update(
                stored(id).replicateId(),
                "succeeded",
                null,
                List.of(server.url("/delivery/out.png").toString()));
        clock.advance(Duration.ofSeconds(5));
        pollDue();

        deliverer.deliverDue();
        assertThat(receiver.getRequestCount()).isZero();
        clock.advance(Duration.ofMinutes(3));
        deliverer.deliverDue();

        JsonNode sent = json.readTree(
                receiver.takeRequest(2, TimeUnit.SECONDS).getBody().utf8());
        assertThat(sent.at("/output/0").asText())
                .isEqualTo(server.url("/delivery/out.png").toString());
    }

    @Test
    void aWebhookThatIsNoUrlOrAnUnknownEventIsRefusedBeforeAnythingIsStored() throws Exception {
        mvc.perform(post("/generate")
                        .header("Authorization", ACME)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"x\",\"webhook\":\"ftp://x/y\",\"webhook_events_filter\":[\"done\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("webhook", "webhook_events_filter[0]")));
        assertThat(jdbc.sql("select count(*) from predictions")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void eachAcceptRecordsWhetherItHasAWebhookAndOneWithoutIsNeverLookedFor() throws Exception {
        String with = generateWithWebhook("[\"completed\"]");
        String without = generateAsAcme("{\"prompt\":\"x\",\"model\":\"flux-schnell\"}");
        assertThat(callerWebhookFlag(with)).isTrue();
        assertThat(callerWebhookFlag(without)).isFalse();
        // A subscription the flag says is not there is not looked for: nothing is told about it.
        jdbc.sql("insert into caller_webhooks (prediction_id, owner, url, events, body_format) "
                        + "values (:id, 'acme', :url, 'completed', 'gateway')")
                .param("id", without)
                .param("url", receiver.url("/hook").toString())
                .update();
        finish(without);
        deliverer.deliverDue();
        assertThat(receiver.getRequestCount()).isZero();
        mvc.perform(get("/predictions/" + without).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook").doesNotExist());
    }

    @Test
    void aRowThatDoesNotSayWhetherItHasAWebhookIsLookedUpAsBefore() throws Exception {
        // As written before the store recorded it, or by an instance not yet upgraded.
        String id = generateWithWebhook("[\"completed\"]");
        jdbc.sql("update predictions set caller_webhook = null where id = :id")
                .param("id", id)
                .update();
        finish(id);
        deliverer.deliverDue();
        assertThat(receiver.takeRequest(2, TimeUnit.SECONDS)).isNotNull();
        mvc.perform(get("/predictions/" + id).header("Authorization", ACME))
                .andExpect(jsonPath("$.webhook.delivered").value(1));
    }

    private Boolean callerWebhookFlag(String id) {
        return jdbc.sql("select caller_webhook from predictions where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    private String generateWithWebhook(String events) throws Exception {
        return generateAsAcme("{\"prompt\":\"x\",\"model\":\"flux-schnell\",\"webhook\":\"" + receiver.url("/hook")
                + "\",\"webhook_events_filter\":" + events + "}");
    }

    /** As {@link #generate(String)}, with the key this class runs behind. */
    private String generateAsAcme(String request) throws Exception {
        String body = mvc.perform(post("/generate")
                        .header("Authorization", ACME)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(request))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    private void finish(String id) {
        if (stored(id).replicateId() == null) {
            submitDue();
        }
        // A text output: nothing to keep, so a completed event is sent at once (see the test of the wait).
        replicate.update(stored(id).replicateId(), "succeeded", null, "a text output");
        clock.advance(Duration.ofSeconds(5));
        pollDue();
    }

    private String statusOf(RecordedRequest request) throws IOException {
        return json.readTree(request.getBody().string(StandardCharsets.UTF_8))
                .get("status")
                .asText();
    }
}
