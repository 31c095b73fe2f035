package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.replicategateway.ratelimit.UpstreamBudget;
import io.github.resilience4j.retry.event.RetryOnRetryEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateServiceRetryTests {

    private static final ModelRef FLUX_DEV = ModelRef.parse("black-forest-labs/flux-dev");
    private static final Map<String, Object> INPUT = Map.of("prompt", "A serene mountain landscape at sunset");

    private final MockReplicate replicate = new MockReplicate();

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void retryAfterHeaderIsTheWaitBeforeTheNextAttempt() throws Exception {
        ReplicateService client = replicate.client();
        List<RetryOnRetryEvent> retries = retriesOf("replicate-safe");
        // The detail names 30 s: the header, when present, wins.
        replicate.server.enqueue(MockReplicate.answer(429, "error-429.json")
                .addHeader("Retry-After", "0.05")
                .build());
        replicate.enqueue(200, "prediction-succeeded.json");

        ReplicatePrediction prediction = client.getPrediction("ufawqhfynnddngldkgtslldrkq");

        assertThat(retries).singleElement().satisfies(retry -> assertThat(retry.getWaitInterval())
                .isEqualTo(Duration.ofMillis(50)));
        assertThat(prediction.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(replicate.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void createThatTimesOutAfterSendingIsNotSentAgain() {
        ReplicateService client = replicate.client(MockReplicate.QUICK_RETRIES, Duration.ofMillis(300));
        replicate.server.enqueue(MockReplicate.answer(201, "prediction-starting.json")
                .headersDelay(1500, TimeUnit.MILLISECONDS)
                .build());
        // Were the create repeated, this answer would make it succeed.
        replicate.enqueue(201, "prediction-starting.json");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class,
                () -> client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE));

        assertThat(failure.requestSent()).isTrue();
        assertThat(failure).hasMessageContaining("after the request was sent");
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void createThatCouldNotConnectIsRetried() throws Exception {
        String deadUrl;
        try (MockWebServer dead = new MockWebServer()) {
            dead.start();
            deadUrl = dead.url("/v1").toString();
        }
        ReplicateService client = replicate.clientOf(deadUrl, MockReplicate.QUICK_RETRIES, MockReplicate.READ_TIMEOUT);
        List<RetryOnRetryEvent> retries = retriesOf("replicate-create");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class,
                () -> client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE));

        assertThat(failure.requestSent()).isFalse();
        assertThat(failure).hasMessageContaining("before the request was sent");
        assertThat(retries).hasSize(MockReplicate.QUICK_RETRIES.maxAttempts() - 1);
    }

    @Test
    void createAnsweredServiceUnavailableIsNotRetried() {
        ReplicateService client = replicate.client();
        replicate.enqueue(503, "error-503.html");
        replicate.enqueue(201, "prediction-starting.json");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class,
                () -> client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE));

        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure.requestSent()).isTrue();
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void createAnsweredThrottledIsRetriedAndSucceeds() {
        ReplicateService client = replicate.client();
        replicate.server.enqueue(MockReplicate.answer(429, "error-429.json")
                .addHeader("Retry-After", "0")
                .build());
        replicate.enqueue(201, "prediction-starting.json");

        ReplicatePrediction prediction = client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE);

        assertThat(prediction.id()).isEqualTo("ufawqhfynnddngldkgtslldrkq");
        assertThat(replicate.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void getAnsweredServiceUnavailableIsRetriedAndSucceeds() {
        ReplicateService client = replicate.client();
        replicate.enqueue(503, "error-503.html");
        replicate.enqueue(200, "prediction-succeeded.json");

        ReplicatePrediction prediction = client.getPrediction("ufawqhfynnddngldkgtslldrkq");

        assertThat(prediction.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(replicate.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void getThatTimesOutIsRetried() {
        ReplicateService client = replicate.client(MockReplicate.QUICK_RETRIES, Duration.ofMillis(300));
        replicate.server.enqueue(MockReplicate.answer(200, "prediction-succeeded.json")
                .headersDelay(1500, TimeUnit.MILLISECONDS)
                .build());
        replicate.enqueue(200, "prediction-succeeded.json");

        ReplicatePrediction prediction = client.getPrediction("ufawqhfynnddngldkgtslldrkq");

        assertThat(prediction.status()).isEqualTo(ReplicateStatus.SUCCEEDED);
        assertThat(replicate.server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void throttledCreatePausesTheCreatesBudget() {
        ReplicateService client = replicate.client(
                new ReplicateProperties.Retry(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(1)));
        replicate.server.enqueue(MockReplicate.answer(429, "error-429.json")
                .addHeader("Retry-After", "2")
                .build());

        catchThrowableOfType(
                ReplicateThrottledException.class, () -> client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE));

        assertThat(replicate.limiter.pauseRemaining(UpstreamBudget.PREDICTION_CREATES))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(replicate.limiter.pauseRemaining(UpstreamBudget.EVERYTHING_ELSE))
                .isZero();
    }

    @Test
    void everyCallSpendsItsOwnBudget() {
        ReplicateService client = replicate.client();
        replicate.enqueue(201, "prediction-starting.json");
        replicate.enqueue(200, "prediction-succeeded.json");

        client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE);
        client.getPrediction("ufawqhfynnddngldkgtslldrkq");

        assertThat(replicate.limiter.available(UpstreamBudget.PREDICTION_CREATES))
                .isEqualTo(599);
        assertThat(replicate.limiter.available(UpstreamBudget.EVERYTHING_ELSE)).isEqualTo(2999);
    }

    @Test
    void withoutRetriesEveryCallIsMadeOnce() {
        ReplicateService once = replicate.client().withoutRetries();
        replicate.enqueue(503, "error-503.html");
        replicate.enqueue(200, "prediction-succeeded.json");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class, () -> once.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(503);
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aCallWhoseBudgetWasTakenBeforeDoesNotTakeItAgain() {
        ReplicateService client = replicate.client();
        replicate.enqueue(201, "prediction-starting.json");

        client.createPrediction(FLUX_DEV, INPUT, CreateOptions.NONE.boundedAndPrepaid(Duration.ofSeconds(5)));

        assertThat(replicate.limiter.available(UpstreamBudget.PREDICTION_CREATES))
                .isEqualTo(600);
    }

    @Test
    void aCallTimeoutCutsTheWholeCall() {
        ReplicateService client = replicate.client(MockReplicate.NO_RETRIES, Duration.ofSeconds(10));
        replicate.server.enqueue(MockReplicate.answer(201, "prediction-starting.json")
                .headersDelay(2, TimeUnit.SECONDS)
                .build());

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class,
                () -> client.createPrediction(
                        FLUX_DEV, INPUT, CreateOptions.NONE.boundedAndPrepaid(Duration.ofMillis(300))));

        assertThat(failure.requestSent()).isTrue();
    }

    private List<RetryOnRetryEvent> retriesOf(String name) {
        List<RetryOnRetryEvent> events = new CopyOnWriteArrayList<>();
        replicate.retries.retry(name).getEventPublisher().onRetry(events::add);
        return events;
    }
}
