package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.ratelimit.ManualTime;
import dev.replicategateway.ratelimit.UpstreamLimitProperties;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A fake Replicate (OkHttp's MockWebServer) and a {@link ReplicateClient} wired to it as in production,
 * with fast retries and a rate limiter on {@link ManualTime}, so no test sleeps on the limiter.
 */
final class MockReplicate implements AutoCloseable {

    static final String TOKEN = "r8_test_token";

    /** Four attempts, millisecond backoff; a Retry-After up to 5 s is waited out inside the call. */
    static final ReplicateProperties.Retry QUICK_RETRIES =
            new ReplicateProperties.Retry(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(5));

    /** One attempt: each answer surfaces as it is. */
    static final ReplicateProperties.Retry NO_RETRIES =
            new ReplicateProperties.Retry(1, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(5));

    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    final MockWebServer server = new MockWebServer();
    final ManualTime time = new ManualTime();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RetryRegistry retries = RetryRegistry.ofDefaults();
    final UpstreamRateLimiter limiter =
            new UpstreamRateLimiter(new UpstreamLimitProperties(600, 3000), time.clock(), time, time);

    private final ObjectMapper json = ReplicateClientConfiguration.wireMapper();

    MockReplicate() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReplicateClient client() {
        return client(QUICK_RETRIES, READ_TIMEOUT);
    }

    ReplicateClient client(ReplicateProperties.Retry retry) {
        return client(retry, READ_TIMEOUT);
    }

    ReplicateClient client(ReplicateProperties.Retry retry, Duration readTimeout) {
        return clientOf(server.url("/v1").toString(), retry, readTimeout);
    }

    /** A client of Replicate at {@code baseUrl}, built by the production configuration. */
    ReplicateClient clientOf(String baseUrl, ReplicateProperties.Retry retry, Duration readTimeout) {
        ReplicateProperties properties =
                new ReplicateProperties(TOKEN, URI.create(baseUrl), Duration.ofMillis(500), readTimeout, retry);
        return new ReplicateClient(
                new ReplicateClientConfiguration().replicateHttpClient(properties),
                json,
                properties,
                new UpstreamTarget(false, () -> baseUrl, TOKEN),
                limiter,
                new UpstreamCallMonitor(meters, time.clock()),
                retries,
                time.clock());
    }

    void enqueue(int code, String fixture) {
        server.enqueue(answer(code, fixture).build());
    }

    /** An answer with a fixture of {@code src/test/resources/replicate/} as its body. */
    static MockResponse.Builder answer(int code, String fixture) {
        String contentType = fixture.endsWith(".json") ? "application/json" : "text/html";
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", contentType)
                .body(fixture(fixture));
    }

    static MockResponse.Builder answerJson(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body);
    }

    static String fixture(String name) {
        try (InputStream in = MockReplicate.class.getResourceAsStream("/replicate/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the fake Replicate").isNotNull();
        return request;
    }

    JsonNode bodyOf(RecordedRequest request) throws IOException {
        return json.readTree(request.getBody().utf8());
    }

    @Override
    public void close() {
        server.close();
    }
}
