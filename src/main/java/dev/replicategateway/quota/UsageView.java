package dev.replicategateway.quota;

import java.time.LocalDate;
import java.util.List;

/** A caller's (or one end user's) usage by UTC day and model, with estimated spend in US dollars. */
record UsageView(
        String caller,
        String user,
        LocalDate since,
        double estimatedSpendUsd,
        Double dailySpendBudgetUsd,
        List<Day> days) {

    record Day(LocalDate day, double estimatedSpendUsd, List<Line> lines) {}

    record Line(
            String kind, String model, long count, long succeeded, double predictSeconds, double estimatedSpendUsd) {}
}
