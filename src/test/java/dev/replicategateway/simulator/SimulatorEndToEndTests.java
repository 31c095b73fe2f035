package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole product as the run command starts it, over real HTTP: the submitter and poller on their
 * schedules, the simulator as Replicate, and webhooks back to {@code PUBLIC_BASE_URL} verified with the
 * secret fetched from the (simulated) default-secret endpoint.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
            "replicate.simulator.enabled=true",
            "replicate.simulator.time-scale=0.05",
            "replicate.simulator.random-seed=11",
            "gateway.lifecycle.scheduling=true",
            "gateway.lifecycle.submit.interval=50ms",
            "gateway.lifecycle.submit.reconcile-after=300ms",
            "gateway.lifecycle.poll.interval=100ms",
            "gateway.lifecycle.poll.webhook-interval=3s",
            "replicate.read-timeout=1s",
            "replicate.retry.initial-interval=20ms",
            "replicate.retry.max-retry-after=0s",
            // The storm below can open the breaker (half of a window failing); open for its default 30 s,
            // twice in a row, it outlasted the 60 s the test waits, which is about work, not the breaker.
            "replicate.circuit-breaker.open-for=2s",
            "gateway.callers.quota.requests-per-minute=100000"
        })
@ActiveProfiles("test")
class SimulatorEndToEndTests {

    static final int PORT = freePort();

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("gateway.webhooks.public-base-url", () -> "http://127.0.0.1:" + PORT);
    }

    @Autowired
    SimulatorState state;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** A test that failed in the middle of a storm must not leave the next one to run in it. */
    @AfterEach
    void calmReplicate() {
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @Test
    void generationsFinishByWebhookWithOneUpstreamCallEachAndFaultsNeitherLoseNorDuplicateWork() throws Exception {
        state.reset();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(generate("{\"prompt\":\"calm " + i + "\",\"model\":\"flux-schnell\"}"));
        }
        awaitAllSucceeded(ids);
        var requests = state.stats().get("requests").toString();
        assertThat(state.predictions.size()).isEqualTo(6);
        assertThat(requests).doesNotContain("GET /predictions/{id}").doesNotContain("GET /predictions=");
        assertThat(state.counters.get("webhooks.delivered").get()).isGreaterThanOrEqualTo(12);
        JsonNode one = get("/predictions/" + ids.get(0));
        assertThat(replicateOutput(one)).contains("/simulator/delivery/");
        assertThat(one.path("progress").asDouble()).isEqualTo(1.0);

        // Now Replicate misbehaves: throttling, outages, answers cut after the create, lost webhooks.
        state.faults.set(new SimulatorProperties.Faults(
                0, 0.2, Duration.ofSeconds(1), 0.15, 0, Duration.ZERO, 0.3, 0.5, 0, Duration.ofSeconds(30)));
        List<String> more = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            more.add(generate("{\"prompt\":\"storm " + i + "\",\"model\":\"flux-schnell\"}"));
        }
        awaitAllSucceeded(more);
        state.faults.set(SimulatorProperties.Faults.NONE);
        assertThat(state.predictions.size())
                .as("each accepted prediction created upstream exactly once")
                .isEqualTo(18);
        assertThat(state.counters.get("faults.dropped")).isNotNull();
    }

    @Test
    void eventsStreamFromQueuedToTheFinalStateAndResumeAfterLastEventId() throws Exception {
        String id = generate("{\"prompt\":\"stream me\",\"model\":\"flux-dev\",\"num_inference_steps\":50}");
        List<String[]> events = stream(id, null);
        List<String> statuses = events.stream()
                .filter(e -> e[1].equals("state"))
                .map(e -> status(e[2]))
                .toList();
        assertThat(statuses).first().isEqualTo("queued");
        assertThat(statuses).last().isEqualTo("succeeded");
        // The create may already answer "processing" when the machine is busy: either in-flight state will do.
        assertThat(statuses.subList(1, statuses.size() - 1))
                .isNotEmpty()
                .allMatch(st -> st.equals("starting") || st.equals("processing"));
        assertThat(events.stream()
                        .filter(e -> e[1].equals("logs"))
                        .map(e -> e[2])
                        .reduce("", String::concat))
                .contains("Using seed");
        List<Long> ids = events.stream()
                .filter(e -> e[0] != null)
                .map(e -> Long.parseLong(e[0]))
                .toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        JsonNode last = json.readTree(events.stream()
                .filter(e -> e[1].equals("state"))
                .reduce((a, b) -> b)
                .orElseThrow()[2]);
        assertThat(replicateOutput(last)).contains("/simulator/delivery/");

        List<String[]> resumed = stream(id, String.valueOf(ids.get(0)));
        List<Long> resumedIds = resumed.stream()
                .filter(e -> e[0] != null)
                .map(e -> Long.parseLong(e[0]))
                .toList();
        assertThat(resumedIds).isNotEmpty().allSatisfy(eventId -> assertThat(eventId)
                .isGreaterThan(ids.get(0)));
        assertThat(resumedIds).isEqualTo(ids.subList(1, ids.size()));
    }

    @Test
    void manyStreamsReadTogetherEachCarryOnlyTheirOwnPrediction() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(generate("{\"prompt\":\"together " + i + "\",\"model\":\"flux-schnell\"}"));
        }
        List<java.util.concurrent.CompletableFuture<List<String[]>>> streams = new ArrayList<>();
        for (String id : ids) {
            streams.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return stream(id, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (int i = 0; i < ids.size(); i++) {
            List<String[]> states = streams.get(i).get(60, TimeUnit.SECONDS).stream()
                    .filter(e -> e[1].equals("state"))
                    .toList();
            String id = ids.get(i);
            assertThat(states).isNotEmpty().allSatisfy(e -> assertThat(
                            json.readTree(e[2]).path("id").asText())
                    .isEqualTo(id));
            assertThat(status(states.get(states.size() - 1)[2])).isEqualTo("succeeded");
        }
    }

    @Test
    void aStreamEndsWithTheFinalStateAfterTheLastLogLinesAndEndsAtOnceWhenResumedAfterIt() throws Exception {
        String id = generate("{\"prompt\":\"last words\",\"model\":\"flux-dev\",\"num_inference_steps\":50}");
        List<String[]> events = stream(id, null);
        String[] last = events.get(events.size() - 1);
        assertThat(last[1]).as("the last event").isEqualTo("state");
        assertThat(status(last[2])).isEqualTo("succeeded");

        // Before the fix this stream stayed open until the client's 30 s timeout.
        assertThat(stream(id, last[0])).isEmpty();
    }

    /**
     * The first output as Replicate delivered it: once the service has kept the outputs, {@code output}
     * lists its own signed URLs and {@code replicate_output} the original ones.
     */
    private static String replicateOutput(JsonNode prediction) {
        JsonNode original = prediction.path("replicate_output");
        return (original.isArray() ? original : prediction.path("output"))
                .get(0)
                .asText();
    }

    private String status(String data) {
        try {
            return json.readTree(data).path("status").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a whole event stream: [id, event name, data] per event. */
    private List<String[]> stream(String id, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + PORT + "/predictions/" + id + "/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        String[] current = {null, "message", ""};
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.isEmpty()) {
                events.add(current);
                current = new String[] {null, "message", ""};
            } else if (line.startsWith("id:")) {
                current[0] = line.substring(3).trim();
            } else if (line.startsWith("event:")) {
                current[1] = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                current[2] = current[2] + (current[2].isEmpty() ? "" : "\n") + line.substring(5);
            }
        }
        return events;
    }

    private void awaitAllSucceeded(List<String> ids) {
        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        assertThat(get("/predictions/" + id).path("status").asText())
                                .as(id)
                                .isEqualTo("succeeded");
                    }
                });
    }

    private String generate(String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Replicate-Mode")).contains("simulated");
        return json.readTree(response.body()).path("id").asText();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
