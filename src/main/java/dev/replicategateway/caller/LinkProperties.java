package dev.replicategateway.caller;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Short-lived signed links, which let a browser's {@code <img>} or {@code EventSource} reach one
 * output or event stream without the API key.
 *
 * @param secret the signing key ({@code GATEWAY_LINK_SECRET}, at least 32 characters); blank: one is
 *     generated and kept in the database, so every instance on the store shares it
 * @param ttl how long a link lives at least; a link is valid for between one and two of these, and is
 *     the same URL throughout one period, so browsers can cache what it points to
 */
@Validated
@ConfigurationProperties("gateway.links")
record LinkProperties(
        String secret,

        @NotNull @DurationMin(seconds = 1) @DefaultValue("15m")
        Duration ttl) {

    LinkProperties {
        if (secret != null && !secret.isBlank() && secret.length() < 32) {
            throw new IllegalArgumentException("gateway.links.secret must be at least 32 characters");
        }
    }

    @Override
    public String toString() {
        return "LinkProperties[secret=" + (secret == null || secret.isBlank() ? "generated" : "******") + ", ttl=" + ttl
                + "]";
    }
}
