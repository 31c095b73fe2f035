package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateServicePredictionsTests {

    private static final String SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
    private static final Map<String, Object> INPUT =
            Map.of("prompt", "A serene mountain landscape at sunset", "aspect_ratio", "16:9");

    private final MockReplicate replicate = new MockReplicate();
    private final ReplicateService client = replicate.client();

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void createByOfficialModelPostsToModelsRoute() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");

        ReplicatePrediction prediction =
                client.createPrediction(ModelRef.parse("black-forest-labs/flux-dev"), INPUT, CreateOptions.NONE);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/models/black-forest-labs/flux-dev/predictions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getHeaders().get("Prefer")).isNull();
        assertThat(request.getHeaders().get("Cancel-After")).isNull();
        JsonNode body = replicate.bodyOf(request);
        assertThat(body.has("version")).isFalse();
        assertThat(body.has("webhook")).isFalse();
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("A serene mountain landscape at sunset");
        assertThat(body.path("input").path("aspect_ratio").asText()).isEqualTo("16:9");
        assertThat(prediction.id()).isEqualTo("ufawqhfynnddngldkgtslldrkq");
        assertThat(prediction.status()).isEqualTo(ReplicateStatus.STARTING);
    }

    @Test
    void createByModelVersionPostsVersionToPredictionsRoute() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");

        client.createPrediction(ModelRef.parse("stability-ai/sdxl:" + SDXL_VERSION), INPUT, CreateOptions.NONE);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/predictions");
        JsonNode body = replicate.bodyOf(request);
        assertThat(body.path("version").asText()).isEqualTo(SDXL_VERSION);
        assertThat(body.path("input").path("prompt").asText()).isEqualTo("A serene mountain landscape at sunset");
    }

    @Test
    void createByBareVersionIdPostsVersionToPredictionsRoute() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");

        client.createPrediction(ModelRef.parse(SDXL_VERSION), INPUT, CreateOptions.NONE);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1/predictions");
        assertThat(replicate.bodyOf(request).path("version").asText()).isEqualTo(SDXL_VERSION);
    }

    @Test
    void createByDeploymentPostsToDeploymentsRoute() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");

        client.createPrediction(ModelRef.parse("deployments/acme/flux-prod"), INPUT, CreateOptions.NONE);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/deployments/acme/flux-prod/predictions");
        JsonNode body = replicate.bodyOf(request);
        assertThat(body.has("version")).isFalse();
        assertThat(body.path("input").path("aspect_ratio").asText()).isEqualTo("16:9");
    }

    @Test
    void createSendsWebhookAndEventsFilterInBody() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");
        CreateOptions options = new CreateOptions(
                "https://gateway.example.com/webhooks/replicate", List.of("start", "completed"), null, null);

        client.createPrediction(ModelRef.parse("black-forest-labs/flux-dev"), INPUT, options);

        JsonNode body = replicate.bodyOf(replicate.takeRequest());
        assertThat(body.path("webhook").asText()).isEqualTo("https://gateway.example.com/webhooks/replicate");
        assertThat(body.path("webhook_events_filter"))
                .extracting(JsonNode::asText)
                .containsExactly("start", "completed");
    }

    @Test
    void createSendsPreferWaitAndCancelAfterHeadersAndKeepsAnUnfinishedAnswer() throws Exception {
        replicate.enqueue(201, "prediction-starting.json");
        CreateOptions options = new CreateOptions(null, null, Duration.ofSeconds(5), Duration.ofSeconds(90));

        ReplicatePrediction prediction =
                client.createPrediction(ModelRef.parse("black-forest-labs/flux-dev"), INPUT, options);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getHeaders().get("Prefer")).isEqualTo("wait=5");
        assertThat(request.getHeaders().get("Cancel-After")).isEqualTo("90s");
        // After the wait a prediction may still be starting, with no output: that is not a failure.
        assertThat(prediction.status()).isEqualTo(ReplicateStatus.STARTING);
        assertThat(prediction.status().isFinal()).isFalse();
        assertThat(prediction.output().isNull()).isTrue();
        assertThat(prediction.errorText()).isNull();
    }

    @Test
    void preferWaitLengthensTheReadTimeoutByTheWait() throws Exception {
        ReplicateService impatient = replicate.client(MockReplicate.NO_RETRIES, Duration.ofMillis(300));
        replicate.server.enqueue(MockReplicate.answer(201, "prediction-starting.json")
                .headersDelay(800, TimeUnit.MILLISECONDS)
                .build());
        CreateOptions options = new CreateOptions(null, null, Duration.ofSeconds(1), null);

        ReplicatePrediction prediction =
                impatient.createPrediction(ModelRef.parse("black-forest-labs/flux-dev"), INPUT, options);

        assertThat(prediction.id()).isEqualTo("ufawqhfynnddngldkgtslldrkq");
    }

    @Test
    void getPredictionMapsSucceededPredictionAndIgnoresUnknownFields() throws Exception {
        replicate.enqueue(200, "prediction-succeeded.json");

        ReplicatePrediction prediction = client.getPrediction("ufawqhfynnddngldkgtslldrkq");

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/predictions/ufawqhfynnddngldkgtslldrkq");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(prediction.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(prediction.model()).isEqualTo("black-forest-labs/flux-dev");
        assertThat(prediction.input()).containsEntry("prompt", "A serene mountain landscape at sunset");
        assertThat(prediction.output().isArray()).isTrue();
        assertThat(prediction.output())
                .extracting(JsonNode::asText)
                .containsExactly(
                        "https://replicate.delivery/xezq/abc123/out-0.webp",
                        "https://replicate.delivery/xezq/abc123/out-1.webp");
        assertThat(prediction.metrics().get("predict_time")).isEqualTo(4.73);
        assertThat(prediction.logs()).contains("28/28");
        assertThat(prediction.dataRemoved()).isFalse();
        assertThat(prediction.errorText()).isNull();
        assertThat(prediction.createdAt()).isEqualTo(Instant.parse("2024-09-26T12:00:00.123456Z"));
        assertThat(prediction.completedAt()).isEqualTo(Instant.parse("2024-09-26T12:00:05.964567Z"));
        assertThat(prediction.urls()).containsEntry("web", "https://replicate.com/p/ufawqhfynnddngldkgtslldrkq");
    }

    @Test
    void getPredictionMapsASingleOutputString() {
        replicate.enqueue(200, "prediction-succeeded-single-output.json");

        ReplicatePrediction prediction = client.getPrediction("q6b3ztk8d5rme0cjz1tv8bxtb4");

        assertThat(prediction.output().isTextual()).isTrue();
        assertThat(prediction.output().asText()).isEqualTo("https://replicate.delivery/xezq/def456/out-0.webp");
        assertThat(prediction.metrics().get("predict_time")).isEqualTo(0.61);
    }

    @Test
    void getPredictionMapsAbortedAsAFinalStatus() {
        replicate.enqueue(200, "prediction-aborted.json");

        ReplicatePrediction prediction = client.getPrediction("r3n2w8m1k9rm80cjz1tv0z7a2m");

        assertThat(prediction.status()).isEqualTo(ReplicateStatus.ABORTED);
        assertThat(prediction.status().isFinal()).isTrue();
        assertThat(prediction.startedAt()).isNull();
        assertThat(prediction.metrics().get("predict_time")).isNull();
    }

    @Test
    void getPredictionMapsFailedPredictionWithItsError() {
        replicate.enqueue(200, "prediction-failed.json");

        ReplicatePrediction prediction = client.getPrediction("zz4ibbonubfz7carwiefibzgga");

        assertThat(prediction.status()).isEqualTo(ReplicateStatus.FAILED);
        assertThat(prediction.errorText()).startsWith("NSFW content detected");
    }

    @Test
    void cancelPredictionPostsToCancelRoute() throws Exception {
        replicate.enqueue(200, "prediction-canceled.json");

        ReplicatePrediction prediction = client.cancelPrediction("ufawqhfynnddngldkgtslldrkq");

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/predictions/ufawqhfynnddngldkgtslldrkq/cancel");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(prediction.status()).isEqualTo(ReplicateStatus.CANCELED);
    }

    @Test
    void listPredictionsWithoutCursorReadsTheFirstPage() throws Exception {
        replicate.enqueue(200, "predictions-page.json");

        PredictionPage page = client.listPredictions(null);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/predictions");
        assertThat(page.previous()).isNull();
        assertThat(page.next()).startsWith("https://api.replicate.com/v1/predictions?cursor=");
        assertThat(page.results())
                .extracting(ReplicatePrediction::id)
                .containsExactly("q6b3ztk8d5rme0cjz1tv8bxtb4", "ufawqhfynnddngldkgtslldrkq");
        assertThat(page.results())
                .extracting(ReplicatePrediction::status)
                .containsExactly(ReplicateStatus.SUCCEEDED, ReplicateStatus.PROCESSING);
    }

    @Test
    void listPredictionsWithNextUrlSendsItsCursor() throws Exception {
        replicate.enqueue(200, "predictions-page.json");
        replicate.enqueue(200, "predictions-page.json");
        PredictionPage first = client.listPredictions(null);
        replicate.takeRequest();

        client.listPredictions(first.next());

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/predictions");
        assertThat(request.getUrl().queryParameter("cursor")).isEqualTo("cD0yMDI0LTA5LTI2KzEyJTNBMDAlM0EwMC4xMjM0NTY=");
        assertThat(request.getUrl().querySize()).isEqualTo(1);
    }

    @Test
    void listPredictionsTakesOnlyTheCursorOfANextUrlOnAnotherHost() throws Exception {
        replicate.enqueue(200, "predictions-page.json");

        client.listPredictions("https://attacker.example.net/steal?cursor=abc123&token=x");

        // Had the client followed the URL, no request would reach this server (and the token would leak).
        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getTarget()).isEqualTo("/v1/predictions?cursor=abc123");
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void listPredictionsAcceptsABareCursor() throws Exception {
        replicate.enqueue(200, "predictions-page.json");

        client.listPredictions("abc123");

        assertThat(replicate.takeRequest().getTarget()).isEqualTo("/v1/predictions?cursor=abc123");
    }
}
