package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Lists of predictions and trainings filtered by creation time, with Replicate's cursor pages. */
@SimulatorTest
class SimulatedListsTests {

    @Autowired
    SimulatorState state;

    @LocalServerPort
    int port;

    private SimulatorHttp http;

    @BeforeEach
    void client() {
        http = new SimulatorHttp(port);
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @Test
    void createdAfterIsInclusiveAndCreatedBeforeExclusive() throws Exception {
        List<JsonNode> created = createPredictions(3);
        String first = created.get(0).path("created_at").asText();
        String second = created.get(1).path("created_at").asText();

        assertThat(ids("/simulator/v1/predictions?created_after=" + second))
                .containsExactly(id(created.get(2)), id(created.get(1)));
        assertThat(ids("/simulator/v1/predictions?created_after=" + first + "&created_before=" + second))
                .containsExactly(id(created.get(0)));
        assertThat(ids("/simulator/v1/predictions?created_before=" + first))
                .doesNotContain(id(created.get(0)), id(created.get(1)), id(created.get(2)));
    }

    @Test
    void aFilteredListPagesWithCursorsThatKeepTheFilter() throws Exception {
        List<JsonNode> created = createPredictions(7);
        String after = created.get(0).path("created_at").asText();

        JsonNode first =
                http.get("/simulator/v1/predictions?created_after=" + after).json();
        assertThat(first.path("results")).hasSize(5);
        String next = first.path("next").asText();
        assertThat(next).contains("cursor=").contains("created_after=");
        JsonNode second = http.get(next).json();
        assertThat(second.path("next").isNull()).isTrue();

        List<String> seen = new ArrayList<>(first.path("results").findValuesAsText("id"));
        seen.addAll(second.path("results").findValuesAsText("id"));
        List<String> newestFirst =
                new ArrayList<>(created.stream().map(SimulatedListsTests::id).toList());
        Collections.reverse(newestFirst);
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void anOffsetOrADateIsAcceptedAndAnythingElseIsABadRequest() throws Exception {
        List<JsonNode> created = createPredictions(1);
        Instant createdAt = Instant.parse(created.get(0).path("created_at").asText());
        String withOffset = createdAt.atOffset(ZoneOffset.ofHours(2)).toString();

        assertThat(ids("/simulator/v1/predictions?created_after="
                        + URLEncoder.encode(withOffset, StandardCharsets.UTF_8)))
                .containsExactly(id(created.get(0)));
        assertThat(ids("/simulator/v1/predictions?created_before=2000-01-01")).isEmpty();

        var bad = http.get("/simulator/v1/predictions?created_after=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("created_after");
    }

    @Test
    void trainingsAreFilteredTheSameWay() throws Exception {
        String destination = "me/lists-" + System.nanoTime();
        http.post(
                "/simulator/v1/models",
                Map.of("owner", "me", "name", destination.substring(3), "visibility", "private", "hardware", "gpu"));
        List<JsonNode> trainings = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            var created = http.post(
                    "/simulator/v1/models/ostris/flux-dev-lora-trainer/versions/" + ModelCatalog.OSTRIS_TRAINER_VERSION
                            + "/trainings",
                    Map.of("destination", destination, "input", Map.of("input_images", "https://example.com/x.zip")));
            assertThat(created.status()).isEqualTo(201);
            trainings.add(created.json());
            Thread.sleep(5);
        }
        String first = trainings.get(0).path("created_at").asText();
        String second = trainings.get(1).path("created_at").asText();

        assertThat(ids("/simulator/v1/trainings?created_after=" + first))
                .containsExactly(id(trainings.get(1)), id(trainings.get(0)));
        assertThat(ids("/simulator/v1/trainings?created_after=" + first + "&created_before=" + second))
                .containsExactly(id(trainings.get(0)));
    }

    private List<JsonNode> createPredictions(int count) throws InterruptedException {
        List<JsonNode> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var answer = http.post(
                    "/simulator/v1/models/black-forest-labs/flux-schnell/predictions",
                    Map.of("input", Map.of("prompt", "listed " + i)));
            assertThat(answer.status()).isEqualTo(201);
            created.add(answer.json());
            // Distinct creation times, so that the window's edges fall between predictions.
            Thread.sleep(5);
        }
        return created;
    }

    private List<String> ids(String path) {
        var answer = http.get(path);
        assertThat(answer.status()).as(answer.json().toString()).isEqualTo(200);
        return answer.json().path("results").findValuesAsText("id");
    }

    private static String id(JsonNode job) {
        return job.path("id").asText();
    }
}
