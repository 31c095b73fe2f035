package dev.replicategateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.common.StandardWebhooks;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.prediction.PredictionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

@TestPropertySource(
        properties = {
            "gateway.webhooks.public-base-url=https://gateway.example.com/",
            "gateway.webhooks.secret=" + WebhookTests.SECRET
        })
class WebhookTests extends LifecycleTestAccess {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final AtomicInteger deliveries = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void createsAskForWebhooksWithTheConfiguredEvents() throws Exception {
        generate();
        submitDue();
        Map<?, ?> body = json.readValue(replicate.lastCreate.getBody().utf8(), Map.class);
        assertThat(body.get("webhook")).isEqualTo("https://gateway.example.com/webhooks/replicate");
        assertThat(body.get("webhook_events_filter")).isEqualTo(List.of("start", "completed"));
    }

    @Test
    void aVerifiedCompletedWebhookFinishesThePredictionWithoutAPoll() throws Exception {
        String id = submitted();
        String rid = stored(id).replicateId();
        deliver(newId(), event(rid, "succeeded", List.of("https://replicate.delivery/x.webp")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("applied"));
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(stored(id).output().get(0).asText()).isEqualTo("https://replicate.delivery/x.webp");
        assertThat(replicate.getCalls.get()).isZero();
    }

    @Test
    void aRedeliveryWithTheSameIdIsAcknowledgedAndIgnored() throws Exception {
        String id = submitted();
        String rid = stored(id).replicateId();
        String deliveryId = newId();
        deliver(deliveryId, event(rid, "processing", null))
                .andExpect(jsonPath("$.status").value("applied"));
        deliver(deliveryId, event(rid, "processing", null))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("duplicate"));
        assertThat(eventsOf(id, PredictionStatus.PROCESSING)).isEqualTo(1);
    }

    @Test
    void aLateProcessingEventDoesNotUndoSucceeded() throws Exception {
        String id = submitted();
        String rid = stored(id).replicateId();
        deliver(newId(), event(rid, "succeeded", List.of("https://replicate.delivery/done.webp")));
        deliver(newId(), event(rid, "processing", null)).andExpect(status().isOk());
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(stored(id).output()).isNotNull();
    }

    @Test
    void aWebhookThatOvertakesItsCreateIsKeptAndAppliedOnceTheIdIsKnown() throws Exception {
        String id = generate();
        String rid = replicate.peekNextId();
        deliver(newId(), event(rid, "processing", null))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("parked"));
        submitDue();
        assertThat(stored(id).replicateId()).isEqualTo(rid);
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.PROCESSING);
    }

    @Test
    void aLostWebhookIsMadeUpForByTheRarePoll() throws Exception {
        String id = submitted();
        replicate.update(stored(id).replicateId(), "succeeded", null, List.of("https://replicate.delivery/late.png"));
        clock.advance(Duration.ofSeconds(5));
        pollDue();
        assertThat(replicate.getCalls.get())
                .as("no poll while webhooks are expected")
                .isZero();
        clock.advance(Duration.ofSeconds(26));
        pollDue();
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.SUCCEEDED);
        assertThat(replicate.getCalls.get()).isEqualTo(1);
    }

    @Test
    void unsignedOrBadlySignedWebhooksAreRefusedAndChangeNothing() throws Exception {
        String id = submitted();
        byte[] body = event(stored(id).replicateId(), "failed", null);
        mvc.perform(post("/webhooks/replicate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/webhook-signature"));
        String deliveryId = newId();
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        mvc.perform(post("/webhooks/replicate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .header("webhook-id", deliveryId)
                        .header("webhook-timestamp", timestamp)
                        .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32])))
                .andExpect(status().isUnauthorized());
        String stale = String.valueOf(clock.instant().minusSeconds(600).getEpochSecond());
        mvc.perform(post("/webhooks/replicate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .header("webhook-id", deliveryId)
                        .header("webhook-timestamp", stale)
                        .header("webhook-signature", signature(deliveryId, stale, body)))
                .andExpect(status().isUnauthorized());
        assertThat(stored(id).status()).isEqualTo(PredictionStatus.STARTING);
        // The refused delivery id was not recorded: a genuine delivery with it still counts.
        deliver(deliveryId, event(stored(id).replicateId(), "processing", null))
                .andExpect(jsonPath("$.status").value("applied"));
    }

    @Test
    void malformedJsonWithAValidSignatureIsA400() throws Exception {
        deliver(newId(), "{\"id\": ".getBytes(StandardCharsets.UTF_8)).andExpect(status().isBadRequest());
        deliver(newId(), "{\"status\": \"succeeded\"}".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aWebhookForAPredictionWeNeverMadeIsAcknowledged() throws Exception {
        deliver(newId(), event("not-ours", "succeeded", null)).andExpect(status().isOk());
    }

    @Test
    void aLargeWebhookBodyIsAccepted() throws Exception {
        String id = submitted();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", stored(id).replicateId());
        body.put("status", "processing");
        body.put("logs", "x".repeat(3_000_000));
        deliver(newId(), json.writeValueAsBytes(body)).andExpect(status().isOk());
        assertThat(stored(id).logs()).hasSize(20_000);
    }

    @Test
    void withWebhooksAPredictionIsPolledOnlyAsARareSafetyNet() throws Exception {
        submitted();

        for (int second = 0; second < 9 * 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            pollDue();
        }

        assertThat(replicate.getCalls.get())
                .as("every 30 s, not every 1.5 to 5 s")
                .isBetween(17, 19);
    }

    private String submitted() throws Exception {
        String id = generate();
        submitDue();
        return id;
    }

    private String generate() throws Exception {
        var result = mvc.perform(post("/generate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"webhooks\"}"))
                .andExpect(status().isAccepted())
                .andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
    }

    private byte[] event(String replicateId, String status, List<String> output) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", replicateId);
        body.put("status", status);
        body.put("output", output);
        body.put("logs", "Using seed: 7\n");
        body.put("metrics", Map.of("predict_time", 1.5, "image_count", 1));
        body.put("webhook", "https://gateway.example.com/webhooks/replicate");
        body.put("some_new_field", true);
        return json.writeValueAsBytes(body);
    }

    private ResultActions deliver(String deliveryId, byte[] body) throws Exception {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        return mvc.perform(post("/webhooks/replicate")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .header("webhook-id", deliveryId)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1,bm90LWl0 " + signature(deliveryId, timestamp, body)));
    }

    private static String signature(String id, String timestamp, byte[] body) {
        return StandardWebhooks.signatureHeader(id, timestamp, body, SECRET);
    }

    private long eventsOf(String id, PredictionStatus status) {
        return eventStatusesOf(id).stream().filter(status::equals).count();
    }

    private static String newId() {
        return "msg_" + deliveries.incrementAndGet() + "_" + System.nanoTime();
    }
}
