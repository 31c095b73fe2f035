package dev.replicategateway.replicate;

import java.time.Duration;
import java.util.List;

/**
 * Optional settings of a create call.
 *
 * @param webhook URL Replicate posts events to, or null
 * @param webhookEventsFilter events wanted ({@code start}, {@code output}, {@code logs}, {@code completed}); null for all
 * @param preferWait {@code Prefer: wait=N} (1 to 60 s), or null
 * @param cancelAfter {@code Cancel-After}: Replicate aborts or cancels the work at this deadline, or null
 * @param callTimeout the most the whole call may take (connect, send, wait, read), or null for the
 *     client's own timeouts: the submitter bounds a create well inside the lease it holds
 * @param budgetTaken the caller already took this call's rate-limit budget (the submitter takes it
 *     before it marks the send), so the call must not take it again
 */
public record CreateOptions(
        String webhook,
        List<String> webhookEventsFilter,
        Duration preferWait,
        Duration cancelAfter,
        Duration callTimeout,
        boolean budgetTaken) {

    public static final CreateOptions NONE = new CreateOptions(null, null, null, null, null, false);

    public CreateOptions {
        if (preferWait != null && (preferWait.toSeconds() < 1 || preferWait.toSeconds() > 60)) {
            throw new IllegalArgumentException("Prefer: wait must be 1 to 60 seconds");
        }
        if (cancelAfter != null && (cancelAfter.isNegative() || cancelAfter.isZero())) {
            throw new IllegalArgumentException("Cancel-After must be positive");
        }
        if (callTimeout != null && (callTimeout.isNegative() || callTimeout.isZero())) {
            throw new IllegalArgumentException("a call timeout must be positive");
        }
        webhookEventsFilter = webhookEventsFilter == null ? null : List.copyOf(webhookEventsFilter);
    }

    public CreateOptions(String webhook, List<String> webhookEventsFilter, Duration preferWait, Duration cancelAfter) {
        this(webhook, webhookEventsFilter, preferWait, cancelAfter, null, false);
    }

    public static CreateOptions webhook(String url, List<String> eventsFilter) {
        return new CreateOptions(url, eventsFilter, null, null, null, false);
    }

    public CreateOptions withCancelAfter(Duration deadline) {
        return new CreateOptions(webhook, webhookEventsFilter, preferWait, deadline, callTimeout, budgetTaken);
    }

    public CreateOptions withPreferWait(Duration wait) {
        return new CreateOptions(webhook, webhookEventsFilter, wait, cancelAfter, callTimeout, budgetTaken);
    }

    /** Bounds the whole call to {@code timeout}, the budget for it already taken by the caller. */
    public CreateOptions boundedAndPrepaid(Duration timeout) {
        return new CreateOptions(webhook, webhookEventsFilter, preferWait, cancelAfter, timeout, true);
    }
}
