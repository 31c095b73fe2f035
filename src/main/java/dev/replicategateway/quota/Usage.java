package dev.replicategateway.quota;

import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.PricingProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** A caller's predictions, trainings and estimated spend, summed in the shared store. */
@Service
class Usage {

    private final PredictionQueries predictions;
    private final PricingProperties pricing;
    private final CallerProperties callers;
    private final Clock clock;

    Usage(PredictionQueries predictions, PricingProperties pricing, CallerProperties callers, Clock clock) {
        this.predictions = predictions;
        this.pricing = pricing;
        this.callers = callers;
        this.clock = clock;
    }

    UsageView of(String caller, int days) {
        LocalDate since = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
        Map<LocalDate, List<UsageView.Line>> byDay = new LinkedHashMap<>();
        for (var row :
                predictions.usage(caller, since.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            byDay.computeIfAbsent(row.day(), d -> new ArrayList<>())
                    .add(new UsageView.Line(
                            row.kind().column(),
                            row.model(),
                            row.count(),
                            row.succeeded(),
                            row.predictSeconds(),
                            round(pricing.estimate(row.model(), row.predictSeconds()))));
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
                caller, since, round(total), callers.quotaOf(caller).dailySpendBudget(), result);
    }

    /** Estimated spend of {@code caller} since the start of today (UTC). */
    double spentToday(String caller, Instant now) {
        Instant dayStart = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        return predictions.usage(caller, dayStart).stream()
                .mapToDouble(row -> pricing.estimate(row.model(), row.predictSeconds()))
                .sum();
    }

    private static double round(double dollars) {
        return Math.round(dollars * 1_000_000d) / 1_000_000d;
    }
}
