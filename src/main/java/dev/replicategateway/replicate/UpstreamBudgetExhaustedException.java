package dev.replicategateway.replicate;

import dev.replicategateway.ratelimit.UpstreamBudget;
import java.util.Locale;

/**
 * The call was not made: its rate-limit budget had no call free within the longest wait allowed (or
 * was paused by a 429 for longer). Nothing reached Replicate, so even a create may be tried again later.
 */
public class UpstreamBudgetExhaustedException extends ReplicateUnavailableException {

    public UpstreamBudgetExhaustedException(UpstreamBudget budget) {
        super(
                0,
                "The " + budget.name().toLowerCase(Locale.ROOT)
                        + " budget towards Replicate is used up for now; not sent",
                false,
                null);
    }
}
