package dev.replicategateway.caller;

import dev.replicategateway.prediction.Admission;
import dev.replicategateway.prediction.PredictionRepository;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * Enforces each caller's predictions per UTC day, counted in the shared store (so every instance
 * sees the same count), before anything is stored or created.
 */
@Component
class DailyQuotaAdmission implements Admission {

    private final CallerProperties properties;
    private final PredictionRepository predictions;

    DailyQuotaAdmission(CallerProperties properties, PredictionRepository predictions) {
        this.properties = properties;
        this.predictions = predictions;
    }

    @Override
    public void admit(String owner, int count, Instant now) {
        int perDay = properties.quotaOf(owner).predictionsPerDay();
        Instant dayStart =
                now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        long used = predictions.countCreatedSince(owner, dayStart);
        if (used + count > perDay) {
            throw new QuotaExceededException("Your key may start " + perDay + " predictions a day (UTC); " + used
                    + " used, " + count + " more asked. The quota resets at midnight UTC.");
        }
    }
}
