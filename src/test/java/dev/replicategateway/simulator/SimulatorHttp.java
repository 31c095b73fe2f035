package dev.replicategateway.simulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Raw calls to the simulated API, to assert Replicate's wire shapes rather than a client's reading of them. */
final class SimulatorHttp {

    /** A parsed answer; {@code json} is a missing node when the body is empty or not JSON. */
    record Answer(int status, HttpHeaders headers, JsonNode json, byte[] body) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String base;

    SimulatorHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String path) {
        return send(request(path).GET());
    }

    Answer delete(String path) {
        return send(request(path).DELETE());
    }

    Answer post(String path, Object body, String... headers) {
        try {
            HttpRequest.Builder request = request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return send(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A multipart/form-data POST; each part is a String or a byte[] sent as a file named after its part. */
    Answer postMultipart(String path, Map<String, Object> parts) {
        String boundary = "simulator-test-boundary";
        var body = new ByteArrayOutputStream();
        for (Map.Entry<String, Object> part : parts.entrySet()) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
            if (part.getValue() instanceof byte[]) {
                head.append("Content-Disposition: form-data; name=\"")
                        .append(part.getKey())
                        .append("\"; filename=\"upload.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            } else {
                head.append("Content-Disposition: form-data; name=\"")
                        .append(part.getKey())
                        .append("\"\r\n\r\n");
            }
            body.writeBytes(head.toString().getBytes(UTF_8));
            body.writeBytes(
                    part.getValue() instanceof byte[] bytes
                            ? bytes
                            : part.getValue().toString().getBytes(UTF_8));
            body.writeBytes("\r\n".getBytes(UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    String base() {
        return base;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .header("Authorization", "Bearer r8_test");
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json;
            try {
                json = response.body().length == 0 ? mapper.missingNode() : mapper.readTree(response.body());
            } catch (IOException notJson) {
                json = mapper.missingNode();
            }
            return new Answer(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
