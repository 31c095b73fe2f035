package dev.replicategateway.replicate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How to reach Replicate. The token is a secret: it is never printed, not even by {@link #toString()}.
 *
 * @param apiToken the API token ({@code REPLICATE_API_TOKEN}); blank means "not configured"
 * @param baseUrl the API root including {@code /v1} ({@code REPLICATE_API_BASE_URL})
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout read timeout of ordinary calls; creates with {@code Prefer: wait} add the wait
 * @param retry retries inside one call (interactive calls only: the submitter and poller retry by rescheduling)
 * @param circuitBreaker when to stop calling Replicate for a while during an outage
 */
@Validated
@ConfigurationProperties("replicate")
public record ReplicateProperties(
        String apiToken,

        @NotNull @DefaultValue("https://api.replicate.com/v1")
        URI baseUrl,

        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout,
        @NotNull @DefaultValue Retry retry,
        @NotNull @DefaultValue CircuitBreaker circuitBreaker) {

    public boolean hasToken() {
        return apiToken != null && !apiToken.isBlank();
    }

    @Override
    public String toString() {
        return "ReplicateProperties[apiToken=" + (hasToken() ? "******" : "<none>") + ", baseUrl=" + baseUrl
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", retry=" + retry
                + ", circuitBreaker=" + circuitBreaker + "]";
    }

    /**
     * @param maxAttempts attempts in all, the first included
     * @param initialInterval the wait before the first retry; doubles each retry, with jitter
     * @param maxInterval cap of a computed wait
     * @param maxRetryAfter the longest {@code Retry-After} waited out inside one call; a longer one is
     *     passed to the caller
     */
    public record Retry(
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("500ms") Duration initialInterval,
            @NotNull @DefaultValue("8s") Duration maxInterval,
            @NotNull @DefaultValue("5s") Duration maxRetryAfter) {}

    /**
     * Replicate's outages come as storms of 5xx answers and timeouts; while the breaker is open, calls
     * fail at once (nothing is sent) and the submitter and poller wait instead of burning attempts.
     *
     * @param failureRateThreshold percentage of failed calls (5xx, I/O errors, timeouts) that opens it
     * @param slowCallThreshold a call slower than this counts as slow
     * @param slowCallRateThreshold percentage of slow calls that opens it
     * @param window calls looked at
     * @param minimumCalls calls needed before the rates count
     * @param openFor how long it stays open before letting probes through
     * @param probes calls let through while half-open; their outcome closes or reopens it
     */
    public record CircuitBreaker(
            @DecimalMin("1") @DecimalMax("100") @DefaultValue("50")
            float failureRateThreshold,

            @NotNull @DefaultValue("20s") Duration slowCallThreshold,

            @DecimalMin("1") @DecimalMax("100") @DefaultValue("80")
            float slowCallRateThreshold,

            @Min(1) @DefaultValue("20") int window,
            @Min(1) @DefaultValue("10") int minimumCalls,
            @NotNull @DefaultValue("30s") Duration openFor,
            @Min(1) @DefaultValue("3") int probes) {}
}
