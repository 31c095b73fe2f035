package dev.replicategateway.replicate;

import java.time.Duration;

/**
 * Optional settings of a create call.
 *
 * @param webhook URL Replicate posts events to, or null
 * @param webhookEventsFilter events wanted ({@code start}, {@code output}, {@code logs}, {@code completed}); null for all
 * @param preferWait {@code Prefer: wait=N} (1 to 60 s), or null
 * @param cancelAfter {@code Cancel-After}: Replicate aborts or cancels the work at this deadline, or null
 */
public record CreateOptions(
        String webhook, java.util.List<String> webhookEventsFilter, Duration preferWait, Duration cancelAfter) {

    public static final CreateOptions NONE = new CreateOptions(null, null, null, null);

    public CreateOptions {
        if (preferWait != null && (preferWait.toSeconds() < 1 || preferWait.toSeconds() > 60)) {
            throw new IllegalArgumentException("Prefer: wait must be 1 to 60 seconds");
        }
        if (cancelAfter != null && (cancelAfter.isNegative() || cancelAfter.isZero())) {
            throw new IllegalArgumentException("Cancel-After must be positive");
        }
        webhookEventsFilter = webhookEventsFilter == null ? null : java.util.List.copyOf(webhookEventsFilter);
    }

    public CreateOptions withCancelAfter(Duration deadline) {
        return new CreateOptions(webhook, webhookEventsFilter, preferWait, deadline);
    }
}
