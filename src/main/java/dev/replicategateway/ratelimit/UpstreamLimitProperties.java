package dev.replicategateway.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Requests per minute this service allows itself against Replicate; the defaults are Replicate's
 * published limits. Accounts with little credit are held far lower: the limiter also obeys 429s.
 *
 * @param predictionCreatesPerMinute prediction creates a minute (Replicate: 600)
 * @param everythingElsePerMinute every other call a minute (Replicate: 3,000)
 * @param maxPause the longest pause a 429 can impose: a longer {@code Retry-After} (or one in the
 *     far future, or unreadable) is cut to this and logged, so one odd answer cannot freeze a budget
 * @param maxWait the longest one call waits for its budget before it gives up (and is tried later)
 */
@Validated
@ConfigurationProperties("replicate.rate-limit")
public record UpstreamLimitProperties(
        @Min(1) @DefaultValue("600") int predictionCreatesPerMinute,
        @Min(1) @DefaultValue("3000") int everythingElsePerMinute,
        @NotNull @DefaultValue("2m") Duration maxPause,
        @NotNull @DefaultValue("30s") Duration maxWait) {

    int perMinute(UpstreamBudget budget) {
        return budget == UpstreamBudget.PREDICTION_CREATES ? predictionCreatesPerMinute : everythingElsePerMinute;
    }
}
