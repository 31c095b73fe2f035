package dev.replicategateway.ratelimit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Requests per minute this service allows itself against Replicate; the defaults are Replicate's
 * published limits. Accounts with little credit are held far lower: the limiter also obeys 429s.
 */
@Validated
@ConfigurationProperties("replicate.rate-limit")
public record UpstreamLimitProperties(
        @Min(1) @DefaultValue("600") int createsPerMinute,
        @Min(1) @DefaultValue("3000") int readsPerMinute) {

    int perMinute(UpstreamBudget budget) {
        return budget == UpstreamBudget.CREATES ? createsPerMinute : readsPerMinute;
    }
}
