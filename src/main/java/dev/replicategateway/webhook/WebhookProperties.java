package dev.replicategateway.webhook;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param publicBaseUrl where Replicate reaches this service ({@code PUBLIC_BASE_URL}); unset: no webhooks
 * @param eventsFilter events asked for; add {@code logs} for live progress
 * @param secret the signing secret ({@code REPLICATE_WEBHOOK_SECRET}); unset: fetched from Replicate
 * @param tolerance how far a delivery's timestamp may be from now (replay protection)
 * @param secretRefetchInterval the least time between two fetches of a possibly rotated secret
 * @param keepDeliveries how long delivery ids are remembered for deduplication
 */
@Validated
@ConfigurationProperties("gateway.webhooks")
record WebhookProperties(
        URI publicBaseUrl,
        @NotEmpty @DefaultValue({"start", "completed"}) List<String> eventsFilter,
        String secret,
        @NotNull @DefaultValue("5m") Duration tolerance,
        @NotNull @DefaultValue("1m") Duration secretRefetchInterval,
        @NotNull @DefaultValue("7d") Duration keepDeliveries) {

    public WebhookProperties {
        if (secret != null && !secret.isBlank()) {
            WebhookSignature.requireUsableSecret(secret);
        }
    }

    boolean hasConfiguredSecret() {
        return secret != null && !secret.isBlank();
    }

    public boolean enabled() {
        return publicBaseUrl != null && !publicBaseUrl.toString().isBlank();
    }

    String webhookUrl() {
        return publicBaseUrl.toString().replaceAll("/+$", "") + WebhookController.PATH;
    }

    @Override
    public String toString() {
        return "WebhookProperties[publicBaseUrl=" + publicBaseUrl + ", eventsFilter=" + eventsFilter + ", secret="
                + (secret == null || secret.isBlank() ? "<from Replicate>" : "******") + "]";
    }
}
