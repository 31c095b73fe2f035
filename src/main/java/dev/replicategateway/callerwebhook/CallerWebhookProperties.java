package dev.replicategateway.callerwebhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How this service delivers webhooks to its callers.
 *
 * @param allowPrivate deliver to http URLs and to private, loopback and link-local addresses
 *     ({@code GATEWAY_CALLER_WEBHOOKS_ALLOW_PRIVATE}; for local development and tests only)
 * @param timeout a whole delivery, connect to last byte of the answer
 * @param firstRetry the wait before the first retry; each next one waits {@code retryMultiplier} times longer
 * @param maxRetryDelay the longest wait between two attempts
 * @param giveUpAfter a delivery still failing this long after its event is dead (visible, counted, not retried)
 * @param perDestination deliveries in flight at once to one host, per instance
 * @param workers deliveries in flight at once in all, per instance
 * @param maxBody largest body sent; a larger one is sent without its logs
 * @param waitForKeptOutputs how long a completed event waits for the outputs to be kept, so it carries
 *     this service's durable URLs rather than Replicate's, which expire after an hour
 */
@Validated
@ConfigurationProperties("gateway.caller-webhooks")
record CallerWebhookProperties(
        @DefaultValue("false") boolean allowPrivate,
        @NotNull @DefaultValue("15s") Duration timeout,
        @NotNull @DefaultValue("10s") Duration firstRetry,
        @DefaultValue("3") double retryMultiplier,
        @NotNull @DefaultValue("6h") Duration maxRetryDelay,
        @NotNull @DefaultValue("25h") Duration giveUpAfter,
        @Min(1) @Max(64) @DefaultValue("4") int perDestination,
        @Min(1) @Max(256) @DefaultValue("16") int workers,
        @NotNull @DefaultValue("1MB") DataSize maxBody,
        @NotNull @DefaultValue("2m") Duration waitForKeptOutputs) {}
