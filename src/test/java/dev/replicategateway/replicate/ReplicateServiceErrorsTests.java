package dev.replicategateway.replicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicateServiceErrorsTests {

    /** Retries, but a Retry-After over one second is handed to the caller instead of waited out. */
    private static final ReplicateProperties.Retry SHORT_RETRY_AFTER =
            new ReplicateProperties.Retry(4, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(1));

    private final MockReplicate replicate = new MockReplicate();
    private final ReplicateService client = replicate.client(MockReplicate.NO_RETRIES);

    @AfterEach
    void stop() {
        replicate.close();
    }

    @Test
    void unauthorizedAnswerRaisesUnauthorized() {
        replicate.enqueue(401, "error-401.json");

        var failure = catchThrowableOfType(
                ReplicateUnauthorizedException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(401);
        assertThat(failure).hasMessageContaining("You did not pass a valid authentication token");
    }

    @Test
    void forbiddenAnswerRaisesUnauthorized() {
        replicate.server.enqueue(MockReplicate.answerJson(403, "{\"detail\":\"You do not have permission\"}")
                .build());

        var failure = catchThrowableOfType(
                ReplicateUnauthorizedException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(403);
    }

    @Test
    void notFoundAnswerRaisesNotFound() {
        replicate.enqueue(404, "error-404.json");

        var failure = catchThrowableOfType(ReplicateNotFoundException.class, () -> client.getPrediction("nope"));

        assertThat(failure.status()).isEqualTo(404);
        assertThat(failure).hasMessageContaining("The requested resource could not be found.");
    }

    @Test
    void invalidInputAnswerRaisesInvalidInputWithItsFields() {
        replicate.enqueue(422, "error-422.json");

        var failure = catchThrowableOfType(
                ReplicateInvalidInputException.class,
                () -> client.createPrediction(
                        ModelRef.parse("black-forest-labs/flux-dev"),
                        Map.of("prompt", "x", "num_outputs", 9),
                        CreateOptions.NONE));

        assertThat(failure.status()).isEqualTo(422);
        assertThat(failure).hasMessageContaining("input.num_outputs: Must be less than or equal to 4");
        assertThat(failure.invalidFields()).singleElement().satisfies(field -> assertThat(field)
                .containsEntry("field", "input.num_outputs")
                .containsEntry("type", "less_than_equal")
                .containsEntry("description", "Must be less than or equal to 4"));
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void badRequestNamingInvalidFieldsRaisesInvalidInput() {
        replicate.server.enqueue(MockReplicate.answerJson(
                        400,
                        """
                        {"title": "Bad request", "detail": "input.seed: must be an integer", "status": 400,
                         "invalid_fields": [{"type": "type", "field": "input.seed", "description": "must be an integer"}]}
                        """)
                .build());

        var failure = catchThrowableOfType(
                ReplicateInvalidInputException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(400);
        assertThat(failure.invalidFields())
                .extracting(field -> field.get("field"))
                .containsExactly("input.seed");
    }

    @Test
    void throttledAnswerCarriesTheRetryAfterHeader() {
        ReplicateService retrying = replicate.client(SHORT_RETRY_AFTER);
        replicate.server.enqueue(MockReplicate.answer(429, "error-429.json")
                .addHeader("Retry-After", "5")
                .build());

        var failure = catchThrowableOfType(
                ReplicateThrottledException.class, () -> retrying.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(429);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        // Five seconds is over maxRetryAfter: handed to the caller at once, not waited out.
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void throttledAnswerWithoutHeaderTakesTheWaitFromItsDetail() {
        ReplicateService retrying = replicate.client(SHORT_RETRY_AFTER);
        replicate.enqueue(429, "error-429.json");

        var failure = catchThrowableOfType(
                ReplicateThrottledException.class,
                () -> retrying.createPrediction(
                        ModelRef.parse("black-forest-labs/flux-dev"), Map.of("prompt", "x"), CreateOptions.NONE));

        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure).hasMessageContaining("Your rate limit resets in ~30s.");
        assertThat(replicate.server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorRaisesUnavailable() {
        replicate.enqueue(500, "error-500.json");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(500);
        assertThat(failure.requestSent()).isTrue();
        assertThat(failure).hasMessageContaining("Something went wrong on our end.");
    }

    @Test
    void serviceUnavailableWithAnHtmlBodyRaisesUnavailable() {
        replicate.enqueue(503, "error-503.html");

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isEqualTo(503);
        assertThat(failure).hasMessageContaining("503");
    }

    @Test
    void otherClientErrorRaisesRequestException() {
        replicate.enqueue(402, "error-402.json");

        var failure = catchThrowableOfType(
                ReplicateRequestException.class,
                () -> client.createPrediction(
                        ModelRef.parse("black-forest-labs/flux-dev"), Map.of("prompt", "x"), CreateOptions.NONE));

        assertThat(failure.status()).isEqualTo(402);
        assertThat(failure).hasMessageContaining("You have insufficient credit to run this model.");
    }

    @Test
    void unreadableSuccessBodyRaisesUnavailable() {
        replicate.server.enqueue(
                MockReplicate.answerJson(200, "<html>not json</html>").build());

        var failure = catchThrowableOfType(
                ReplicateUnavailableException.class, () -> client.getPrediction("ufawqhfynnddngldkgtslldrkq"));

        assertThat(failure.status()).isZero();
        assertThat(failure).hasMessageContaining("unreadable body");
    }

    @ParameterizedTest
    @CsvSource({
        "400, {\"detail\": \"Bad request\"}",
        "401, {\"detail\": \"You did not pass a valid authentication token\"}",
        "402, {\"detail\": \"Insufficient credit\"}",
        "403, {\"detail\": \"Forbidden\"}",
        "404, {\"detail\": \"Not found\"}",
        "409, {\"detail\": \"Conflict\"}",
        "422, {\"detail\": \"Invalid\"\\, \"invalid_fields\": []}",
        "429, {\"detail\": \"Request was throttled. Your rate limit resets in ~30s.\"}",
        "500, {\"detail\": \"Internal\"}",
        "502, <html>Bad gateway</html>",
        "503, {\"detail\": \"Unavailable\"}",
    })
    void noErrorRevealsTheToken(int status, String body) {
        replicate.server.enqueue(MockReplicate.answerJson(status, body).build());

        Throwable failure = catchThrowableOfType(ReplicateException.class, () -> client.getPrediction("abc"));

        assertThat(failure).isNotNull();
        assertThatNoMessageContainsTheToken(failure);
    }

    @Test
    void unreachableReplicateErrorDoesNotRevealTheToken() throws Exception {
        String deadUrl;
        try (var dead = new MockWebServer()) {
            dead.start();
            deadUrl = dead.url("/v1").toString();
        }
        ReplicateService unreachable =
                replicate.clientOf(deadUrl, MockReplicate.NO_RETRIES, MockReplicate.READ_TIMEOUT);

        Throwable failure =
                catchThrowableOfType(ReplicateUnavailableException.class, () -> unreachable.getPrediction("abc"));

        assertThat(failure).isNotNull();
        assertThatNoMessageContainsTheToken(failure);
    }

    private static void assertThatNoMessageContainsTheToken(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain(MockReplicate.TOKEN);
        }
    }
}
