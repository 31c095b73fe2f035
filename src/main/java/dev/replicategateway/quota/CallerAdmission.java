package dev.replicategateway.quota;

import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.caller.ModelAllowList;
import dev.replicategateway.prediction.Admission;
import dev.replicategateway.prediction.NewPrediction;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Admits new work for a caller (and its end user) inside the accepting transaction, before anything is
 * stored or created: the caller's model allow-list, then its predictions per UTC day and its daily
 * spend budget, then the end user's predictions per day. Queued and running work counts at its
 * estimated cost, so a caller cannot queue a day's worth at once under a budget it has not spent yet.
 */
@Component
class CallerAdmission implements Admission {

    private final CallerProperties properties;
    private final ModelAllowList allowList;
    private final DailyUsage usage;

    CallerAdmission(CallerProperties properties, ModelAllowList allowList, DailyUsage usage) {
        this.properties = properties;
        this.allowList = allowList;
        this.usage = usage;
    }

    @Override
    public void admit(String owner, String user, List<NewPrediction> items, Instant now) {
        items.forEach(item -> allowList.check(owner, item.model()));
        CallerProperties.Quota quota = properties.quotaOf(owner);
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int count = items.size();
        double cost = items.stream().mapToDouble(NewPrediction::estimatedCost).sum();
        if (!usage.take(
                owner,
                DailyUsage.WHOLE_CALLER,
                day,
                count,
                cost,
                quota.predictionsPerDay(),
                quota.dailySpendBudget())) {
            refuse(
                    owner,
                    DailyUsage.WHOLE_CALLER,
                    day,
                    count,
                    cost,
                    quota.predictionsPerDay(),
                    quota.dailySpendBudget());
        }
        if (user != null) {
            int perUser = quota.user().predictionsPerDay();
            if (!usage.take(owner, user, day, count, cost, perUser, null)) {
                refuse(owner, user, day, count, cost, perUser, null);
            }
        }
    }

    private void refuse(
            String owner, String user, LocalDate day, int count, double cost, int maxPredictions, Double maxSpend) {
        DailyUsage.Day used = usage.of(owner, user, day);
        String who = user.isEmpty() ? "Your key" : "Each user";
        if (used.predictions() + count > maxPredictions) {
            throw new QuotaExceededException(who + " may start " + maxPredictions + " predictions a day (UTC); "
                    + used.predictions() + " used, " + count + " more asked. The quota resets at midnight UTC.");
        }
        throw new SpendBudgetReachedException(String.format(
                Locale.ROOT,
                "Your key's daily spend budget of $%.2f would be passed: $%.4f is spent or reserved by work "
                        + "queued or running today, and this request is estimated at $%.4f. It resets at midnight UTC.",
                maxSpend,
                used.spend(),
                cost));
    }
}
