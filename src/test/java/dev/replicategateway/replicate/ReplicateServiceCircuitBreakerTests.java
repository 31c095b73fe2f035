package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicateServiceCircuitBreakerTests {

    private final MockReplicate replicate = new MockReplicate();
    private final ReplicateService service = replicate.client(MockReplicate.NO_RETRIES);

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void aStormOfServerErrorsOpensTheCircuitAndLaterCallsAreNotSent() {
        for (int i = 0; i < 4; i++) {
            replicate.enqueue(503, "error-503.html");
            catchThrowableOfType(ReplicateUnavailableException.class, () -> service.getPrediction("abc"));
        }

        var refused = catchThrowableOfType(ReplicateCircuitOpenException.class, () -> service.getPrediction("abc"));

        assertThat(refused.requestSent()).isFalse();
        assertThat(service.isAvailable()).isFalse();
        assertThat(service.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(replicate.server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void clientErrorsAndThrottlingAreNoOutage() {
        for (int i = 0; i < 6; i++) {
            replicate.enqueue(i % 2 == 0 ? 404 : 429, i % 2 == 0 ? "error-404.json" : "error-429.json");
            catchThrowableOfType(ReplicateException.class, () -> service.getPrediction("abc"));
        }

        assertThat(service.isAvailable()).isTrue();
    }

    @Test
    void probesThatSucceedCloseTheCircuitAgain() {
        CircuitBreaker breaker = replicate.breakers.circuitBreaker(ReplicateServiceConfiguration.BREAKER);
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        replicate.enqueue(200, "prediction-succeeded.json");
        replicate.enqueue(200, "prediction-succeeded.json");

        service.getPrediction("ufawqhfynnddngldkgtslldrkq");
        service.getPrediction("ufawqhfynnddngldkgtslldrkq");

        assertThat(service.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
