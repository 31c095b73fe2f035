package dev.replicategateway.replicate;

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
 * @param retry retry settings of transient failures
 */
@Validated
@ConfigurationProperties("replicate")
public record ReplicateProperties(
        String apiToken,

        @NotNull @DefaultValue("https://api.replicate.com/v1")
        URI baseUrl,

        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("30s") Duration readTimeout,
        @NotNull @DefaultValue Retry retry) {

    public boolean hasToken() {
        return apiToken != null && !apiToken.isBlank();
    }

    @Override
    public String toString() {
        return "ReplicateProperties[apiToken=" + (hasToken() ? "******" : "<none>") + ", baseUrl=" + baseUrl
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", retry=" + retry + "]";
    }

    /**
     * @param maxAttempts attempts in all, the first included
     * @param initialInterval first backoff; doubles each attempt, with jitter
     * @param maxInterval cap of a computed backoff
     * @param maxRetryAfter the longest {@code Retry-After} waited out inside one call; a longer one is
     *     passed to the caller (the submitter reschedules instead of holding a thread)
     */
    public record Retry(
            @Min(1) @DefaultValue("4") int maxAttempts,
            @NotNull @DefaultValue("500ms") Duration initialInterval,
            @NotNull @DefaultValue("8s") Duration maxInterval,
            @NotNull @DefaultValue("60s") Duration maxRetryAfter) {}
}
