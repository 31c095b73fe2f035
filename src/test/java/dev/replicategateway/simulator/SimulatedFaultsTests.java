package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The create-only throttle, the faults' JSON at run time, and the counts the stats endpoint keeps. */
@SimulatorTest
class SimulatedFaultsTests {

    @Autowired
    SimulatorState state;

    @LocalServerPort
    int port;

    private SimulatorHttp http;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void client() {
        http = new SimulatorHttp(port);
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @AfterEach
    void noFaults() {
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @Test
    void aCreateThrottleRefusesPredictionAndTrainingCreatesWhileReadsKeepWorking() throws Exception {
        var existing = http.post(
                "/simulator/v1/models/black-forest-labs/flux-schnell/predictions",
                Map.of("input", Map.of("prompt", "before the throttle")));
        int predictions = state.predictions.size();
        int trainings = state.trainings.size();

        JsonNode set = putFaults("{\"create_throttle_rate\": 1, \"create_throttle_retry_after\": \"45s\"}");
        assertThat(set.path("create_throttle_rate").asDouble()).isEqualTo(1.0);

        var prediction = http.post(
                "/simulator/v1/models/black-forest-labs/flux-schnell/predictions",
                Map.of("input", Map.of("prompt", "throttled")));
        assertThat(prediction.status()).isEqualTo(429);
        assertThat(prediction.headers().firstValue("Retry-After")).contains("45");
        assertThat(prediction.json().path("detail").asText())
                .isEqualTo("Request was throttled. Your rate limit resets in ~45s.");
        assertThat(http.post(
                                "/simulator/v1/predictions",
                                Map.of("version", ModelCatalog.FLUX_DEV_VERSION, "input", Map.of("prompt", "x")))
                        .status())
                .isEqualTo(429);
        assertThat(http.post(
                                "/simulator/v1/models/ostris/flux-dev-lora-trainer/versions/"
                                        + ModelCatalog.OSTRIS_TRAINER_VERSION + "/trainings",
                                Map.of("destination", "me/anything", "input", Map.of()))
                        .status())
                .isEqualTo(429);
        assertThat(state.predictions.size()).as("nothing created").isEqualTo(predictions);
        assertThat(state.trainings.size()).isEqualTo(trainings);

        String id = existing.json().path("id").asText();
        assertThat(http.get("/simulator/v1/predictions/" + id).status()).isEqualTo(200);
        assertThat(http.get("/simulator/v1/predictions").status()).isEqualTo(200);
        assertThat(http.get("/simulator/v1/models/black-forest-labs/flux-dev").status())
                .isEqualTo(200);
        assertThat(http.post("/simulator/v1/predictions/" + id + "/cancel", Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(state.counters.get("faults.create_throttled").get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void faultsSetAtRunTimeKeepTheirJsonNamesAndDefaults() throws Exception {
        JsonNode set = putFaults("{\"throttle_rate\": 0, \"throttle_retry_after\": \"2s\", \"slow_delay\": \"PT1S\"}");

        assertThat(set.fieldNames())
                .toIterable()
                .contains(
                        "failure_rate",
                        "throttle_rate",
                        "throttle_retry_after",
                        "server_error_rate",
                        "slow_rate",
                        "slow_delay",
                        "drop_connection_rate",
                        "lost_webhook_rate",
                        "create_throttle_rate",
                        "create_throttle_retry_after");
        assertThat(state.faults.get().throttleRetryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(state.faults.get().slowDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(state.faults.get().createThrottleRetryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void statsCountRequestsByEndpointTemplateCreatesAndDeletes() throws Exception {
        long created = counter("created.prediction");
        long deleted = counter("files.deleted");
        http.get("/simulator/v1/models/black-forest-labs/flux-dev/versions");
        http.get("/simulator/v1/models/black-forest-labs/flux-dev/versions/" + ModelCatalog.FLUX_DEV_VERSION);
        http.get("/simulator/v1/deployments/acme/flux-schnell-fast");
        http.post(
                "/simulator/v1/models/black-forest-labs/flux-schnell/predictions",
                Map.of("input", Map.of("prompt", "x")));
        String file = http.postMultipart("/simulator/v1/files", Map.of("content", new byte[] {1}))
                .json()
                .path("id")
                .asText();
        http.delete("/simulator/v1/files/" + file);

        JsonNode stats = json.readTree(HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.base() + "/simulator/admin/stats"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());

        assertThat(stats.path("requests").fieldNames())
                .toIterable()
                .contains(
                        "GET /models/{owner}/{name}/versions",
                        "GET /models/{owner}/{name}/versions/{version}",
                        "GET /deployments/{owner}/{name}",
                        "POST /models/{owner}/{name}/predictions",
                        "POST /files",
                        "DELETE /files/{id}");
        assertThat(stats.path("counters").path("created.prediction").asLong()).isEqualTo(created + 1);
        assertThat(stats.path("counters").path("files.deleted").asLong()).isEqualTo(deleted + 1);
    }

    private JsonNode putFaults(String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(http.base() + "/simulator/admin/faults"))
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private long counter(String name) {
        var value = state.counters.get(name);
        return value == null ? 0 : value.get();
    }
}
