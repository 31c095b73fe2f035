package dev.replicategateway.prediction;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How predictions move through submitter and poller.
 *
 * @param instanceId who holds a lease; defaults to a random id per process
 * @param deadline how long a prediction may take in all before it is canceled and marked failed
 * @param lease how long a claimed row stays with its instance (a crashed instance's work returns after it)
 * @param submit the submitter's settings
 * @param poll the poller's settings (the seed's schedule: 1 s × 1.5 up to 5 s)
 * @param logsTail how many characters of logs are kept and shown
 */
@Validated
@ConfigurationProperties("gateway.lifecycle")
public record LifecycleProperties(
        String instanceId,
        @NotNull @DefaultValue("10m") Duration deadline,
        @NotNull @DefaultValue("60s") Duration lease,
        @NotNull @DefaultValue Submit submit,
        @NotNull @DefaultValue Poll poll,
        @Min(256) @DefaultValue("20000") int logsTail) {

    /**
     * @param interval pause between submitter runs
     * @param batchSize rows claimed per run
     * @param concurrency creates sent at once
     * @param retryBackoff first wait after a create that certainly failed; doubles per attempt, up to 5 min
     * @param reconcileAfter wait before looking for a create whose outcome is unknown in Replicate's list
     * @param reconcilePages list pages searched for it
     */
    public record Submit(
            @NotNull @DefaultValue("500ms") Duration interval,
            @Min(1) @DefaultValue("50") int batchSize,
            @Min(1) @DefaultValue("4") int concurrency,
            @NotNull @DefaultValue("2s") Duration retryBackoff,
            @NotNull @DefaultValue("10s") Duration reconcileAfter,
            @Min(1) @DefaultValue("5") int reconcilePages) {}

    /**
     * @param interval pause between poller runs
     * @param initialDelay first poll after a create
     * @param multiplier growth of the delay per poll
     * @param maxDelay cap of the delay
     * @param batchSize rows claimed per run
     * @param listThreshold from this many due predictions on, refresh them from list pages, not one GET each
     * @param maxListPages list pages read per run at most
     * @param readReserve read calls per minute left to everything else (API, webhooks' secret, cancels)
     * @param webhookInterval the rare poll, when webhooks are requested, for what a webhook never brought
     */
    public record Poll(
            @NotNull @DefaultValue("1s") Duration interval,
            @NotNull @DefaultValue("1s") Duration initialDelay,
            @DecimalMin("1.0") @DefaultValue("1.5") double multiplier,
            @NotNull @DefaultValue("5s") Duration maxDelay,
            @Min(1) @DefaultValue("200") int batchSize,
            @Min(1) @DefaultValue("10") int listThreshold,
            @Min(1) @DefaultValue("20") int maxListPages,
            @Min(0) @DefaultValue("100") int readReserve,
            @NotNull @DefaultValue("30s") Duration webhookInterval) {

        /** The wait after the {@code polls}-th poll: initial × multiplier^polls, capped. */
        Duration delayAfter(int polls) {
            double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.min(polls, 60));
            return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
        }
    }
}
