package dev.replicategateway.quota;

import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.prediction.Admission;
import dev.replicategateway.prediction.NewPrediction;
import dev.replicategateway.prediction.PredictionQueries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Enforces each caller's predictions per UTC day and daily spend budget, counted in the shared store (so every instance
 * sees the same count), before anything is stored or created.
 */
@Component
class DailyQuotaAdmission implements Admission {

    private final CallerProperties properties;
    private final PredictionQueries predictions;
    private final Usage usage;

    DailyQuotaAdmission(CallerProperties properties, PredictionQueries predictions, Usage usage) {
        this.properties = properties;
        this.predictions = predictions;
        this.usage = usage;
    }

    @Override
    public void admit(String owner, List<NewPrediction> items, Instant now) {
        int count = items.size();
        int perDay = properties.quotaOf(owner).predictionsPerDay();
        Instant dayStart =
                now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        long used = predictions.countCreatedSince(owner, dayStart);
        if (used + count > perDay) {
            throw new QuotaExceededException("Your key may start " + perDay + " predictions a day (UTC); " + used
                    + " used, " + count + " more asked. The quota resets at midnight UTC.");
        }
        Double budget = properties.quotaOf(owner).dailySpendBudget();
        if (budget != null) {
            double spent = usage.spentToday(owner, now);
            if (spent >= budget) {
                throw new SpendBudgetReachedException(String.format(
                        Locale.ROOT,
                        "Your key's daily spend budget of $%.2f is reached (estimated $%.4f today). It resets at midnight UTC.",
                        budget,
                        spent));
            }
        }
    }
}
