package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.replicategateway.prediction.ProgressParser;
import dev.replicategateway.replicate.CreateModelRequest;
import dev.replicategateway.replicate.CreateOptions;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateInvalidInputException;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateStatus;
import dev.replicategateway.replicate.ReplicateThrottledException;
import dev.replicategateway.replicate.ReplicateUnavailableException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The real client against the simulator, over real HTTP on a random port, with simulated time scaled down. */
@SimulatorTest
class SimulatorTests {

    private static final ModelRef FLUX_DEV = ModelRef.parse("black-forest-labs/flux-dev");

    @Autowired
    ReplicateService client;

    @Autowired
    SimulatorState state;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void noFaults() {
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @Test
    void aPredictionGoesFromStartingThroughProcessingToSucceededWithRealImages() throws Exception {
        ReplicatePrediction created = client.createPrediction(
                FLUX_DEV,
                Map.of(
                        "prompt",
                        "a red fox",
                        "num_outputs",
                        2,
                        "aspect_ratio",
                        "16:9",
                        "output_format",
                        "jpg",
                        "seed",
                        7),
                CreateOptions.NONE);
        assertThat(created.status()).isEqualTo(ReplicateStatus.STARTING);
        assertThat(created.model()).isEqualTo("black-forest-labs/flux-dev");

        ReplicatePrediction done = awaitFinal(created.id());
        assertThat(done.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(ProgressParser.parse(done.logs())).isEqualTo(1.0);
        // Mid-run states are computed from time, so they can be looked at exactly, without racing the clock.
        SimulatedJob job = state.jobs.get(created.id());
        Instant halfway = job.startsAt.plus(
                Duration.between(job.startsAt, job.finishesAt()).dividedBy(2));
        SimulatedJob.State middle = job.at(halfway);
        assertThat(middle.status()).isEqualTo("processing");
        assertThat(ProgressParser.parse(middle.logs())).isCloseTo(0.5, Offset.offset(0.05));
        assertThat(job.at(job.startsAt.minusMillis(1)).status()).isEqualTo("starting");
        Instant ended = job.at(job.finishesAt()).completedAt();
        assertThat(job.toJson(ended.plus(Duration.ofMinutes(59))))
                .containsEntry("data_removed", false)
                .extractingByKey("output")
                .isNotNull();
        assertThat(job.toJson(ended.plus(Duration.ofMinutes(60))))
                .as("Replicate deletes inputs, outputs and logs an hour after the end")
                .containsEntry("data_removed", true)
                .containsEntry("output", null)
                .containsEntry("logs", null);
        assertThat((Double) done.metrics().get("predict_time")).isPositive();
        assertThat(done.output()).hasSize(2);
        HttpResponse<byte[]> image = http.send(
                HttpRequest.newBuilder(URI.create(done.output().get(0).asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.headers().firstValue("Content-Type")).contains("image/jpeg");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat((double) decoded.getWidth() / decoded.getHeight()).isCloseTo(16 / 9.0, Offset.offset(0.01));
    }

    @Test
    void webpOutputsAreRealWebpFiles() throws Exception {
        ReplicatePrediction done = client.createPrediction(
                ModelRef.parse("black-forest-labs/flux-schnell"),
                Map.of("prompt", "webp please", "output_format", "webp", "aspect_ratio", "2:3"),
                new CreateOptions(null, null, Duration.ofSeconds(5), null));
        HttpResponse<byte[]> image = http.send(
                HttpRequest.newBuilder(URI.create(done.output().get(0).asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.headers().firstValue("Content-Type")).contains("image/webp");
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertThat((double) decoded.getWidth() / decoded.getHeight()).isCloseTo(2 / 3.0, Offset.offset(0.01));
    }

    @Test
    void preferWaitReturnsTheFinalStateWhenItComesInTime() {
        ReplicatePrediction done = client.createPrediction(
                ModelRef.parse("black-forest-labs/flux-schnell"),
                Map.of("prompt", "quick"),
                new CreateOptions(null, null, Duration.ofSeconds(5), null));
        assertThat(done.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
    }

    @Test
    void aFailureRateOfOneFailsPredictionsWithAnError() {
        state.faults.set(faults(1, 0, 0, 0, 0, 0));
        ReplicatePrediction created = client.createPrediction(FLUX_DEV, Map.of("prompt", "doomed"), CreateOptions.NONE);
        ReplicatePrediction done = awaitFinal(created.id());
        assertThat(done.status()).isEqualTo(ReplicateStatus.FAILED);
        assertThat(done.errorText()).contains("simulated failure");
    }

    @Test
    void cancelEndsARunningPredictionAsCanceled() {
        ReplicatePrediction created = client.createPrediction(
                FLUX_DEV, Map.of("prompt", "stop me", "num_inference_steps", 50), CreateOptions.NONE);
        assertThat(client.cancelPrediction(created.id()).status()).isEqualTo(ReplicateStatus.CANCELED);
        assertThat(client.getPrediction(created.id()).status()).isEqualTo(ReplicateStatus.CANCELED);
    }

    @Test
    void aCancelAfterDeadlineBeforeTheStartAbortsThePrediction() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/simulator/v1/models/stability-ai/sdxl/predictions"))
                        .header("Authorization", "Bearer r8_test")
                        .header("Content-Type", "application/json")
                        .header("Cancel-After", "20ms")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"input\":{\"prompt\":\"late\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(201);
        String id = response.body().replaceAll(".*\"id\":\"([a-z0-9]+)\".*", "$1");
        assertThat(awaitFinal(id).status()).isEqualTo(ReplicateStatus.ABORTED);
    }

    @Test
    void invalidInputIsA422WithTheFields() {
        assertThatThrownBy(() -> client.createPrediction(
                        ModelRef.parse("black-forest-labs/flux-schnell"),
                        Map.of("prompt", "x", "num_inference_steps", 9),
                        CreateOptions.NONE))
                .isInstanceOfSatisfying(ReplicateInvalidInputException.class, e -> assertThat(e.invalidFields())
                        .extracting(f -> f.get("field"))
                        .containsExactly("input.num_inference_steps"));
        assertThatThrownBy(() -> client.createPrediction(
                        ModelRef.parse("nobody/nothing"), Map.of("prompt", "x"), CreateOptions.NONE))
                .isInstanceOf(ReplicateNotFoundException.class);
    }

    @Test
    void listsArePagedNewestFirstWithCursors() {
        for (int i = 0; i < 7; i++) {
            client.createPrediction(
                    ModelRef.parse("black-forest-labs/flux-schnell"),
                    Map.of("prompt", "page " + i),
                    CreateOptions.NONE);
        }
        PredictionPage first = client.listPredictions(null);
        assertThat(first.results()).hasSize(5);
        assertThat(first.next()).contains("cursor=");
        PredictionPage second = client.listPredictions(first.next());
        Set<String> ids = new HashSet<>();
        first.results().forEach(p -> ids.add(p.id()));
        second.results().forEach(p -> assertThat(ids.add(p.id())).isTrue());
        assertThat(first.results().get(0).createdAt())
                .isAfterOrEqualTo(first.results().get(4).createdAt());
    }

    @Test
    void aTrainingPublishesANewVersionOfItsDestination() {
        client.createModel(CreateModelRequest.privateModel("me", "faces-" + System.nanoTime() % 100000, "gpu-t4"));
        String destination = state.models.names().stream()
                .filter(m -> m.startsWith("me/faces-"))
                .findFirst()
                .orElseThrow();
        var trainer = (ModelRef.ModelVersion)
                ModelRef.parse("ostris/flux-dev-lora-trainer:" + ModelCatalog.OSTRIS_TRAINER_VERSION);
        ReplicatePrediction training = client.createTraining(
                trainer,
                destination,
                Map.of("input_images", "https://example.com/x.zip", "trigger_word", "TOK", "steps", 20),
                CreateOptions.NONE);
        ReplicatePrediction done = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> client.getTraining(training.id()), t -> t.status().isFinal());
        assertThat(done.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        String version = done.output().get("version").asText();
        assertThat(version).startsWith(destination + ":");
        String[] parts = destination.split("/");
        assertThat(client.getModel(parts[0], parts[1]).latestVersion().id())
                .isEqualTo(version.substring(version.indexOf(':') + 1));
    }

    @Test
    void anUploadedFileGetsAUrl() {
        var file = client.uploadFile("images.zip", "application/zip", new byte[] {0x50, 0x4B, 3, 4});
        assertThat(file.size()).isEqualTo(4);
        assertThat(file.getUrl()).contains("/simulator/v1/files/");
        assertThat(file.checksums()).containsKey("sha256");
    }

    @Test
    void webhooksAreSignedLikeReplicates() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.start(0);
            for (int i = 0; i < 10; i++) {
                receiver.enqueue(new MockResponse.Builder().code(200).build());
            }
            ReplicatePrediction created = client.createPrediction(
                    ModelRef.parse("black-forest-labs/flux-schnell"),
                    Map.of("prompt", "hook"),
                    new CreateOptions(receiver.url("/hook").toString(), List.of("start", "completed"), null, null));
            RecordedRequest start = receiver.takeRequest(5, TimeUnit.SECONDS);
            RecordedRequest completed = receiver.takeRequest(5, TimeUnit.SECONDS);
            assertThat(start).isNotNull();
            assertThat(completed).isNotNull();
            assertThat(completed.getBody().utf8())
                    .contains("\"status\":\"succeeded\"")
                    .contains(created.id());
            for (RecordedRequest delivery : List.of(start, completed)) {
                String id = delivery.getHeaders().get("webhook-id");
                String timestamp = delivery.getHeaders().get("webhook-timestamp");
                String expected = "v1,"
                        + hmac(
                                state_secret(),
                                id + "." + timestamp + "." + delivery.getBody().utf8());
                assertThat(delivery.getHeaders().get("webhook-signature")).isEqualTo(expected);
            }
            assertThat(start.getHeaders().get("webhook-id"))
                    .isNotEqualTo(completed.getHeaders().get("webhook-id"));
        }
    }

    @Test
    void aLostWebhookFaultDeliversNothing() throws Exception {
        state.faults.set(faults(0, 0, 0, 0, 0, 1));
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.start(0);
            client.createPrediction(
                    ModelRef.parse("black-forest-labs/flux-schnell"),
                    Map.of("prompt", "silent"),
                    new CreateOptions(receiver.url("/hook").toString(), null, null, null));
            assertThat(receiver.takeRequest(1, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void throttlingIsA429WithRetryAfter() {
        state.faults.set(faults(0, 1, 0, 0, 0, 0));
        assertThatThrownBy(() -> client.listPredictions(null))
                .isInstanceOfSatisfying(ReplicateThrottledException.class, e -> assertThat(e.retryAfter())
                        .isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void serverErrorsAreUnavailable() {
        state.faults.set(faults(0, 0, 1, 0, 0, 0));
        assertThatThrownBy(() -> client.listPredictions(null))
                .isInstanceOfSatisfying(ReplicateUnavailableException.class, e -> assertThat(e.status())
                        .isEqualTo(503));
    }

    @Test
    void aDroppedConnectionAfterACreateLeavesAPredictionTheClientDoesNotKnowAbout() {
        long before = state.predictions.size();
        state.faults.set(faults(0, 0, 0, 0, 1, 0));
        assertThatThrownBy(() -> client.createPrediction(FLUX_DEV, Map.of("prompt", "cut"), CreateOptions.NONE))
                .isInstanceOfSatisfying(ReplicateUnavailableException.class, e -> assertThat(e.requestSent())
                        .isTrue());
        state.faults.set(SimulatorProperties.Faults.NONE);
        assertThat(state.predictions.size()).isEqualTo(before + 1);
        assertThat(client.listPredictions(null).results().get(0).input()).containsEntry("prompt", "cut");
    }

    @Test
    void aSlowAnswerBeyondTheClientTimeoutStillCreates() {
        state.faults.set(new SimulatorProperties.Faults(
                0, 0, Duration.ofSeconds(1), 0, 1, Duration.ofMillis(2500), 0, 0, 0, Duration.ofSeconds(30)));
        long before = state.predictions.size();
        assertThatThrownBy(() -> client.createPrediction(FLUX_DEV, Map.of("prompt", "slow"), CreateOptions.NONE))
                .isInstanceOfSatisfying(ReplicateUnavailableException.class, e -> assertThat(e.requestSent())
                        .isTrue());
        assertThat(state.predictions.size()).isEqualTo(before + 1);
    }

    @Test
    void requestsWithoutATokenAreRefused() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/simulator/v1/predictions"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void statsCountRequestsByEndpoint() throws Exception {
        client.listPredictions(null);
        HttpResponse<String> stats = http.send(
                HttpRequest.newBuilder(URI.create(base() + "/simulator/admin/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stats.body()).contains("\"GET /predictions\"");
    }

    private ReplicatePrediction awaitFinal(String id) {
        return await().atMost(10, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(30))
                .until(() -> client.getPrediction(id), p -> p.status().isFinal());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private static SimulatorProperties.Faults faults(
            double failure, double throttle, double serverError, double slow, double drop, double lost) {
        return new SimulatorProperties.Faults(
                failure,
                throttle,
                Duration.ofSeconds(1),
                serverError,
                slow,
                Duration.ofSeconds(5),
                drop,
                lost,
                0,
                Duration.ofSeconds(30));
    }

    private static String state_secret() {
        return "whsec_c2ltdWxhdGVkLXJlcGxpY2F0ZS1zaWduaW5nLWtleQ==";
    }

    private static String hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }
}
