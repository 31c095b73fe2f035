package dev.replicategateway.quota;

import dev.replicategateway.prediction.FinalStateListener;
import dev.replicategateway.prediction.Prediction;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/** When work ends, its day's spend holds what it cost instead of what it was estimated to cost. */
@Component
class SpendSettlement implements FinalStateListener {

    private final DailyUsage usage;

    SpendSettlement(DailyUsage usage) {
        this.usage = usage;
    }

    @Override
    public void onFinal(Prediction prediction) {
        double estimated = prediction.estimatedCost() == null ? 0 : prediction.estimatedCost();
        double cost = prediction.cost() == null ? estimated : prediction.cost();
        if (cost != estimated) {
            LocalDate day = LocalDate.ofInstant(prediction.createdAt(), ZoneOffset.UTC);
            usage.settle(prediction.owner(), prediction.user(), day, cost - estimated);
        }
    }
}
