package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateServiceModelsAndFilesTests {

    private final MockReplicate replicate = new MockReplicate();
    private final ReplicateService client = replicate.client();

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void getModelReadsItsLatestVersion() throws Exception {
        replicate.enqueue(200, "model.json");

        ReplicateModel model = client.getModel("stability-ai", "sdxl");

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/models/stability-ai/sdxl");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(model.owner()).isEqualTo("stability-ai");
        assertThat(model.name()).isEqualTo("sdxl");
        assertThat(model.visibility()).isEqualTo("public");
        assertThat(model.latestVersion().id())
                .isEqualTo("7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc");
        assertThat(model.latestVersion().createdAt()).isEqualTo(Instant.parse("2023-11-06T23:13:07.906314Z"));
        assertThat(model.latestVersion()
                        .openapiSchema()
                        .at("/components/schemas/Input/properties/num_outputs/maximum")
                        .asInt())
                .isEqualTo(4);
    }

    @Test
    void createModelPostsAPrivateModel() throws Exception {
        replicate.enqueue(201, "model-created.json");

        ReplicateModel model = client.createModel(CreateModelRequest.privateModel("acme", "flux-lora", "gpu-t4-nano"));

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/models");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        JsonNode body = replicate.bodyOf(request);
        assertThat(body.path("owner").asText()).isEqualTo("acme");
        assertThat(body.path("name").asText()).isEqualTo("flux-lora");
        assertThat(body.path("visibility").asText()).isEqualTo("private");
        assertThat(body.path("hardware").asText()).isEqualTo("gpu-t4-nano");
        assertThat(body.has("description")).isFalse();
        assertThat(model.visibility()).isEqualTo("private");
        assertThat(model.latestVersion()).isNull();
    }

    @Test
    void uploadFileSendsAMultipartContentPart() throws Exception {
        replicate.enqueue(201, "file.json");
        byte[] zip = {0x50, 0x4b, 0x03, 0x04, (byte) 0xff, 0x00};

        UploadedFile file = client.uploadFile("photos.zip", "application/zip", zip);

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/files");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer r8_test_token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
        ByteString body = request.getBody();
        String text = body.string(StandardCharsets.ISO_8859_1);
        assertThat(text).contains("Content-Disposition: form-data; name=\"content\"; filename=\"photos.zip\"");
        assertThat(text).contains("Content-Type: application/zip");
        assertThat(body.indexOf(ByteString.of(zip))).isNotNegative();
        assertThat(file.name()).isEqualTo("photos.zip");
        assertThat(file.size()).isEqualTo(6);
        assertThat(file.checksums()).containsKey("sha256");
        assertThat(file.getUrl())
                .isEqualTo("https://api.replicate.com/v1/files/MTQzODcyMDct0YjZkLWE1ZGYtMmRjZTViNWIwOGEyLmljbw");
        assertThat(file.expiresAt()).isEqualTo(Instant.parse("2024-09-27T16:00:00Z"));
    }

    @Test
    void getDefaultWebhookSecretReadsTheKeyWithoutPrintingIt() throws Exception {
        replicate.enqueue(200, "webhook-secret.json");

        WebhookSigningSecret secret = client.getDefaultWebhookSecret();

        RecordedRequest request = replicate.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/v1/webhooks/default/secret");
        assertThat(secret.key()).isEqualTo("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertThat(secret.toString()).doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
