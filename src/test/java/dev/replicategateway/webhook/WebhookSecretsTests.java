package dev.replicategateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.ReplicateUnavailableException;
import dev.replicategateway.replicate.WebhookSigningSecret;
import dev.replicategateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebhookSecretsTests {

    private static final String CONFIGURED = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final ReplicateService client = mock(ReplicateService.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aConfiguredSecretIsUsedAndReplicateNeverAsked() {
        WebhookSecrets secrets = new WebhookSecrets(properties(CONFIGURED), client, clock);
        assertThat(secrets.current()).isEqualTo(CONFIGURED);
        assertThat(secrets.refreshed()).isEmpty();
        verifyNoInteractions(client);
    }

    @Test
    void theDefaultSecretIsFetchedOnceAndCached() {
        given(client.getDefaultWebhookSecret()).willReturn(new WebhookSigningSecret("whsec_one"));
        WebhookSecrets secrets = new WebhookSecrets(properties(null), client, clock);
        assertThat(secrets.current()).isEqualTo("whsec_one");
        assertThat(secrets.current()).isEqualTo("whsec_one");
        verify(client, times(1)).getDefaultWebhookSecret();
    }

    @Test
    void aRotatedSecretIsFetchedAgainAtMostOnceAMinute() {
        given(client.getDefaultWebhookSecret())
                .willReturn(new WebhookSigningSecret("whsec_one"), new WebhookSigningSecret("whsec_two"));
        WebhookSecrets secrets = new WebhookSecrets(properties(null), client, clock);
        secrets.current();
        assertThat(secrets.refreshed()).as("too soon after the first fetch").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(secrets.refreshed()).contains("whsec_two");
        assertThat(secrets.current()).isEqualTo("whsec_two");
        assertThat(secrets.refreshed()).isEmpty();
        verify(client, times(2)).getDefaultWebhookSecret();
    }

    @Test
    void concurrentDeliveriesWaitForOneFetch() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        given(client.getDefaultWebhookSecret()).willAnswer(call -> {
            fetching.await(2, TimeUnit.SECONDS);
            return new WebhookSigningSecret("whsec_one");
        });
        WebhookSecrets secrets = new WebhookSecrets(properties(null), client, clock);
        ExecutorService deliveries = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(deliveries.submit(secrets::current));
            }
            Thread.sleep(100);
            fetching.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo("whsec_one");
            }
        } finally {
            deliveries.shutdownNow();
        }
        verify(client, times(1)).getDefaultWebhookSecret();
    }

    @Test
    void aFailedFetchIsRememberedSoABurstOfRequestsCostsOneCall() {
        given(client.getDefaultWebhookSecret())
                .willThrow(new ReplicateUnavailableException(503, "down", true, null))
                .willReturn(new WebhookSigningSecret("whsec_one"));
        WebhookSecrets secrets = new WebhookSecrets(properties(null), client, clock);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(secrets::current).isInstanceOf(ReplicateUnavailableException.class);
        }
        verify(client, times(1)).getDefaultWebhookSecret();

        clock.advance(WebhookSecrets.FAILED_FETCH_MEMORY.plusSeconds(1));
        assertThat(secrets.current()).isEqualTo("whsec_one");
    }

    @Test
    void aMalformedConfiguredSecretIsRefusedAtStartupNotAtEveryWebhook() {
        assertThatThrownBy(() -> properties("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("REPLICATE_WEBHOOK_SECRET")
                .hasMessageNotContaining("not base64!");
        assertThatThrownBy(() -> properties("whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    private static WebhookProperties properties(String secret) {
        return new WebhookProperties(
                null,
                List.of("start", "completed"),
                secret,
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofDays(7));
    }
}
