package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateServiceTrainingsTests {

    private static final String TRAINER_VERSION = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";
    private static final ModelRef.ModelVersion TRAINER =
            (ModelRef.ModelVersion) ModelRef.parse("ostris/flux-dev-lora-trainer:" + TRAINER_VERSION);

    private final MockReplicate replicate = new MockReplicate();
    private final ReplicateService client = replicate.client();

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void createTrainingPostsDestinationAndInputToTrainerVersionRoute() throws Exception {
        replicate.enqueue(201, "training-starting.json");
        CreateOptions options = new CreateOptions(
                "https://gateway.example.com/webhooks/replicate", List.of("completed"), null, Duration.ofHours(1));

        ReplicatePrediction training = client.createTraining(
                TRAINER,
                "acme/flux-lora",
                Map.of(
                        "input_images",
                        "https://api.replicate.com/v1/files/MTQzODcyMDct/download",
                        "trigger_word",
                        "TOK",
                        "steps",
                        1000),
                options);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget())
                .isEqualTo("/v1/models/ostris/flux-dev-lora-trainer/versions/" + TRAINER_VERSION + "/trainings");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(request.getHeaders().get("Cancel-After")).isEqualTo("3600s");
        JsonNode body = replicate.bodyOf(request);
        assertThat(body.path("destination").asText()).isEqualTo("acme/flux-lora");
        assertThat(body.path("input").path("trigger_word").asText()).isEqualTo("TOK");
        assertThat(body.path("input").path("steps").asInt()).isEqualTo(1000);
        assertThat(body.path("webhook").asText()).isEqualTo("https://gateway.example.com/webhooks/replicate");
        assertThat(body.path("webhook_events_filter"))
                .extracting(JsonNode::asText)
                .containsExactly("completed");
        assertThat(body.has("version")).isFalse();
        assertThat(training.id()).isEqualTo("zz4ibbonubfz7carwiefibzgga");
        assertThat(training.status()).isEqualTo(ReplicateStatus.STARTING);
        assertThat(training.destination()).isEqualTo("acme/flux-lora");
    }

    @Test
    void createTrainingRefusesABareVersionIdWithoutCallingReplicate() {
        ModelRef.ModelVersion bare = (ModelRef.ModelVersion) ModelRef.parse(TRAINER_VERSION);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> client.createTraining(bare, "acme/flux-lora", Map.of(), CreateOptions.NONE));
        assertThat(replicate.server.getRequestCount()).isZero();
    }

    @Test
    void getTrainingMapsOutputVersionAndWeights() throws Exception {
        replicate.enqueue(200, "training-succeeded.json");

        ReplicatePrediction training = client.getTraining("zz4ibbonubfz7carwiefibzgga");

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/trainings/zz4ibbonubfz7carwiefibzgga");
        assertThat(training.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(training.output().path("version").asText())
                .isEqualTo("acme/flux-lora:a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90");
        assertThat(training.output().path("weights").asText())
                .isEqualTo("https://replicate.delivery/yhqm/xyz789/trained_model.tar");
        assertThat(training.metrics().get("predict_time")).isEqualTo(1228.4);
    }

    @Test
    void cancelTrainingPostsToCancelRoute() throws Exception {
        replicate.enqueue(200, "training-canceled.json");

        ReplicatePrediction training = client.cancelTraining("zz4ibbonubfz7carwiefibzgga");

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/trainings/zz4ibbonubfz7carwiefibzgga/cancel");
        assertThat(training.status()).isEqualTo(ReplicateStatus.CANCELED);
    }

    @Test
    void listTrainingsReadsThePageAndSendsTheCursor() throws Exception {
        replicate.enqueue(200, "trainings-page.json");
        replicate.enqueue(200, "trainings-page.json");

        PredictionPage page = client.listTrainings(null);
        client.listTrainings(page.previous());

        assertThat(replicate.takeRequest().getTarget()).isEqualTo("/v1/trainings");
        RecordedRequest second = replicate.takeRequest();
        assertThat(second.getUrl().encodedPath()).isEqualTo("/v1/trainings");
        assertThat(second.getUrl().queryParameter("cursor")).isEqualTo("cj0xJnA9MjAyNC0wOS0yNg==");
        assertThat(page.next()).isNull();
        assertThat(page.results()).extracting(ReplicatePrediction::id).containsExactly("zz4ibbonubfz7carwiefibzgga");
    }
}
