package dev.replicategateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.replicategateway.replicate.ReplicateService;
import dev.replicategateway.replicate.WebhookSigningSecret;
import dev.replicategateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSecretsTests {

    private final ReplicateService client = mock(ReplicateService.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aConfiguredSecretIsUsedAndReplicateNeverAsked() {
        WebhookSecrets secrets = new WebhookSecrets(properties("whsec_configured"), client, clock);
        assertThat(secrets.current()).isEqualTo("whsec_configured");
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
