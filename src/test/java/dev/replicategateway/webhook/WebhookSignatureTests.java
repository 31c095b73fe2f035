package dev.replicategateway.webhook;

import static dev.replicategateway.webhook.WebhookSignature.Verdict.BAD_SIGNATURE;
import static dev.replicategateway.webhook.WebhookSignature.Verdict.BAD_TIMESTAMP;
import static dev.replicategateway.webhook.WebhookSignature.Verdict.MISSING_HEADERS;
import static dev.replicategateway.webhook.WebhookSignature.Verdict.STALE_TIMESTAMP;
import static dev.replicategateway.webhook.WebhookSignature.Verdict.VALID;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The Standard Webhooks reference vector (also in replicate-python's tests), and each way to fail it. */
class WebhookSignatureTests {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final String TIMESTAMP = "1614265330";
    static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final Instant THEN = Instant.ofEpochSecond(1614265330);
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Test
    void referenceVectorVerifies() {
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(VALID);
    }

    @Test
    void aTamperedBodyFails() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, tampered, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void aReformattedBodyFailsBecauseTheRawBytesAreSigned() {
        byte[] reformatted = "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, reformatted, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void theWrongSecretFails() {
        String other =
                "whsec_" + Base64.getEncoder().encodeToString("another-key-entirely".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, BODY, other, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void aChangedIdOrTimestampFails() {
        assertThat(WebhookSignature.verify("msg_other", TIMESTAMP, SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(ID, "1614265331", SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
    }

    @Test
    void staleAndFutureTimestampsAreRefusedEvenWithAValidSignature() {
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, BODY, SECRET, THEN.plusSeconds(301), TOLERANCE))
                .isEqualTo(STALE_TIMESTAMP);
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, BODY, SECRET, THEN.minusSeconds(301), TOLERANCE))
                .isEqualTo(STALE_TIMESTAMP);
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, SIGNATURE, BODY, SECRET, THEN.plusSeconds(299), TOLERANCE))
                .isEqualTo(VALID);
        assertThat(WebhookSignature.verify(ID, "yesterday", SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_TIMESTAMP);
    }

    @Test
    void missingHeadersAreRefused() {
        assertThat(WebhookSignature.verify(null, TIMESTAMP, SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(MISSING_HEADERS);
        assertThat(WebhookSignature.verify(ID, " ", SIGNATURE, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(MISSING_HEADERS);
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, null, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(MISSING_HEADERS);
    }

    @Test
    void oneValidSignatureAmongSeveralSuffices() {
        String several = "v1,Zm9vYmFy v2,whatever v1,not-base64!! " + SIGNATURE;
        assertThat(WebhookSignature.verify(ID, TIMESTAMP, several, BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(VALID);
        assertThat(WebhookSignature.verify(
                        ID, TIMESTAMP, "v1,Zm9vYmFy v2," + SIGNATURE.substring(3), BODY, SECRET, THEN, TOLERANCE))
                .isEqualTo(BAD_SIGNATURE);
    }
}
