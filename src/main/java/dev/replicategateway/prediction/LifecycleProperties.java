package dev.replicategateway.prediction;

import dev.replicategateway.common.Backoff;
import jakarta.validation.constraints.AssertTrue;
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
 * @param lease how long a claimed row stays with its instance (a crashed instance's work returns after
 *     it); every create and every poll round runs well inside it
 * @param submit the submitter's settings
 * @param poll the poller's settings
 * @param logsTail how many characters of logs are kept and shown
 */
@Validated
@ConfigurationProperties("gateway.lifecycle")
record LifecycleProperties(
        String instanceId,
        @NotNull @DefaultValue("10m") Duration deadline,
        @NotNull @DefaultValue("60s") Duration lease,
        @NotNull @DefaultValue Submit submit,
        @NotNull @DefaultValue Poll poll,
        @Min(256) @DefaultValue("20000") int logsTail) {

    /** A poll round must end before the leases it holds: otherwise another instance would poll the same rows. */
    @AssertTrue(message = "gateway.lifecycle.poll.round-budget must be shorter than gateway.lifecycle.lease")
    boolean isRoundInsideLease() {
        return lease == null || poll == null || poll.roundBudget().compareTo(lease) < 0;
    }

    /** The shortest lease under which a create still fits: the margin, a budget wait and a create's shortest time limit. */
    static final Duration SHORTEST_LEASE = Duration.ofSeconds(5);

    /** A lease too short to send a create inside it would leave every prediction queued for ever. */
    @AssertTrue(
            message = "gateway.lifecycle.lease must be at least 5s: a create is sent only with a second to spare"
                    + " beyond its margin of max(1s, a tenth of the lease) and its wait for the create budget")
    boolean isLeaseLongEnoughForACreate() {
        return lease == null || lease.compareTo(SHORTEST_LEASE) >= 0;
    }

    /**
     * What a create may leave of its lease: a create is sent only with at least this much on top of its
     * own time limit, so clock differences between instances and pauses cannot let it outlive the lease.
     */
    Duration leaseMargin() {
        Duration tenth = lease.dividedBy(10);
        return tenth.compareTo(Duration.ofSeconds(1)) > 0 ? tenth : Duration.ofSeconds(1);
    }

    /**
     * @param interval pause between submitter runs
     * @param batchSize rows claimed per run
     * @param concurrency creates sent at once
     * @param retryBackoff wait after the first create that certainly failed; doubles per attempt, up to 5 min
     * @param reconcileAfter wait, after a create whose answer was lost, before it is looked for in Replicate's list
     * @param reconcilePages list pages one search reads at most; a search that cannot cover the whole
     *     window since the send is inconclusive and is repeated later (never a reason to create again)
     */
    public record Submit(
            @NotNull @DefaultValue("500ms") Duration interval,
            @Min(1) @DefaultValue("50") int batchSize,
            @Min(1) @DefaultValue("4") int concurrency,
            @NotNull @DefaultValue("2s") Duration retryBackoff,
            @NotNull @DefaultValue("10s") Duration reconcileAfter,
            @Min(1) @DefaultValue("5") int reconcilePages) {

        Backoff backoff() {
            return new Backoff(retryBackoff, 2.0, Duration.ofMinutes(5));
        }
    }

    /**
     * @param interval pause between poller runs
     * @param initialDelay first poll after a create
     * @param multiplier growth of the delay per poll
     * @param maxDelay cap of the delay
     * @param batchSize rows claimed per run
     * @param concurrency polls made at once
     * @param roundBudget the longest a round may take (each call is cut at its end); shorter than the lease
     * @param listThreshold from this many due predictions on, refresh them from list pages, not one GET each
     * @param maxListPages list pages read per run at most
     * @param reservedReads calls of the everything-else budget a round leaves in the bucket for the rest
     *     of the service (cancels, schema fetches, the webhook secret)
     * @param webhookInterval the rare poll, when webhooks are requested, for what a webhook never brought
     */
    public record Poll(
            @NotNull @DefaultValue("1s") Duration interval,
            @NotNull @DefaultValue("1s") Duration initialDelay,
            @DecimalMin("1.0") @DefaultValue("1.5") double multiplier,
            @NotNull @DefaultValue("5s") Duration maxDelay,
            @Min(1) @DefaultValue("200") int batchSize,
            @Min(1) @DefaultValue("8") int concurrency,
            @NotNull @DefaultValue("20s") Duration roundBudget,
            @Min(1) @DefaultValue("10") int listThreshold,
            @Min(1) @DefaultValue("20") int maxListPages,
            @Min(0) @DefaultValue("50") int reservedReads,
            @NotNull @DefaultValue("30s") Duration webhookInterval) {

        /** The wait after the {@code polls}-th poll: initial × multiplier^polls, capped. */
        Duration delayAfter(int polls) {
            return new Backoff(initialDelay, multiplier, maxDelay).delay(polls + 1);
        }
    }
}
