package dev.replicategateway.caller;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client tokens: what a product's backend mints with its API key for a browser, so the browser never
 * holds the key.
 *
 * @param secret the signing key ({@code GATEWAY_TOKEN_SECRET}, at least 32 characters); blank: one is
 *     generated and kept in the database, so every instance on the store shares it
 * @param defaultTtl how long a token lives when the request names no {@code ttl}
 * @param maxTtl the longest {@code ttl} a request may ask for
 */
@Validated
@ConfigurationProperties("gateway.tokens")
record TokenProperties(
        String secret,

        @NotNull @DurationMin(seconds = 10) @DefaultValue("15m")
        Duration defaultTtl,

        @NotNull @DurationMin(seconds = 10) @DefaultValue("1h")
        Duration maxTtl) {

    TokenProperties {
        if (secret != null && !secret.isBlank() && secret.length() < 32) {
            throw new IllegalArgumentException("gateway.tokens.secret must be at least 32 characters");
        }
    }

    @Override
    public String toString() {
        return "TokenProperties[secret=" + (secret == null || secret.isBlank() ? "generated" : "******")
                + ", defaultTtl=" + defaultTtl + ", maxTtl=" + maxTtl + "]";
    }
}
