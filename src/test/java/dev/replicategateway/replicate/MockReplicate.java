package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.ratelimit.LocalBudgetStore;
import dev.replicategateway.ratelimit.ManualTime;
import dev.replicategateway.ratelimit.UpstreamLimitProperties;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
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
 * A fake Replicate (OkHttp's MockWebServer) and a {@link ReplicateService} wired to it as in production,
 * with fast retries, a circuit breaker that opens after a few failures, and a rate limiter on
 * {@link ManualTime}, so no test sleeps on the limiter.
 */
final class MockReplicate implements AutoCloseable {

    static final String TOKEN = "r8_test_token";

    /** Four attempts, millisecond backoff; a Retry-After up to 5 s is waited out inside the call. */
    static final ReplicateProperties.Retry QUICK_RETRIES =
            new ReplicateProperties.Retry(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(5));

    /** Opens after 3 failed calls of the last 4; stays open until a test moves it on. */
    static final ReplicateProperties.CircuitBreaker BREAKER =
            new ReplicateProperties.CircuitBreaker(50, Duration.ofSeconds(20), 80, 4, 4, Duration.ofHours(1), 2);

    /** One attempt: each answer surfaces as it is. */
    static final ReplicateProperties.Retry NO_RETRIES =
            new ReplicateProperties.Retry(1, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(5));

    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    final MockWebServer server = new MockWebServer();
    final ManualTime time = new ManualTime();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RetryRegistry retries = RetryRegistry.ofDefaults();
    final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
    final UpstreamRateLimiter limiter = new UpstreamRateLimiter(
            new UpstreamLimitProperties(600, 3000, Duration.ofMinutes(2), Duration.ofSeconds(30)),
            time.clock(),
            new LocalBudgetStore(time),
            time,
            meters);

    private final ObjectMapper json = ReplicateServiceConfiguration.wireMapper();

    MockReplicate() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReplicateService client() {
        return client(QUICK_RETRIES, READ_TIMEOUT);
    }

    ReplicateService client(ReplicateProperties.Retry retry) {
        return client(retry, READ_TIMEOUT);
    }

    ReplicateService client(ReplicateProperties.Retry retry, Duration readTimeout) {
        return clientOf(server.url("/v1").toString(), retry, readTimeout);
    }

    /** A client of Replicate at {@code baseUrl}, built by the production configuration. */
    ReplicateService clientOf(String baseUrl, ReplicateProperties.Retry retry, Duration readTimeout) {
        ReplicateProperties properties = new ReplicateProperties(
                TOKEN, URI.create(baseUrl), Duration.ofMillis(500), readTimeout, retry, BREAKER);
        return ReplicateServiceConfiguration.service(
                ReplicateServiceConfiguration.httpClient(properties),
                properties,
                new UpstreamTarget(false, () -> baseUrl, TOKEN),
                limiter,
                new UpstreamCallMonitor(meters, time.clock()),
                retries,
                breakers,
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
