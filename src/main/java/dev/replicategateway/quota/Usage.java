package dev.replicategateway.quota;

import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.prediction.PredictionQueries;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * A caller's (or one end user's) predictions, trainings and spend by UTC day and model, summed in the
 * shared store: what finished work cost, and queued or running work at its estimate.
 */
@Service
class Usage {

    private final PredictionQueries predictions;
    private final CallerProperties callers;
    private final Clock clock;

    Usage(PredictionQueries predictions, CallerProperties callers, Clock clock) {
        this.predictions = predictions;
        this.callers = callers;
        this.clock = clock;
    }

    /** @param user one end user only, or null for all of the caller's work */
    UsageView of(String caller, String user, int days) {
        LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
        Map<LocalDate, List<UsageView.Line>> byDay = new LinkedHashMap<>();
        for (var row : predictions.usage(
                caller, user, since.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            byDay.computeIfAbsent(row.day(), d -> new ArrayList<>())
                    .add(new UsageView.Line(
                            row.kind().column(),
                            row.model(),
                            row.count(),
                            row.succeeded(),
                            row.predictSeconds(),
                            round(row.spendUsd())));
        }
        List<UsageView.Day> result = new ArrayList<>();
        double total = 0;
        for (var day : byDay.entrySet()) {
            double spend = day.getValue().stream()
                    .mapToDouble(UsageView.Line::estimatedSpendUsd)
                    .sum();
            total += spend;
            result.add(new UsageView.Day(day.getKey(), round(spend), day.getValue()));
        }
        return new UsageView(
                caller, user, since, round(total), callers.quotaOf(caller).dailySpendBudget(), result);
    }

    private static double round(double dollars) {
        return Math.round(dollars * 1_000_000d) / 1_000_000d;
    }
}
