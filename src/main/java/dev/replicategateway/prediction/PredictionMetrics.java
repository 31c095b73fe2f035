package dev.replicategateway.prediction;

import dev.replicategateway.pricing.Prices;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Counters and gauges of the lifecycle: created and finished by model and status, queue depth, in
 * flight, spend. The {@code model} tag is a model of the price table or {@code custom}: a model name a
 * caller chose must not create a new time series.
 */
@Component
class PredictionMetrics {

    private final MeterRegistry meters;
    private final Prices prices;

    PredictionMetrics(MeterRegistry meters, PredictionRows rows, Prices prices) {
        this.meters = meters;
        this.prices = prices;
        Gauge.builder("gateway.predictions.queued", () -> rows.countByStatus(PredictionStatus.QUEUED))
                .description("Predictions accepted but not yet created on Replicate")
                .register(meters);
        Gauge.builder(
                        "gateway.predictions.in_flight",
                        () -> rows.countByStatus(PredictionStatus.STARTING)
                                + rows.countByStatus(PredictionStatus.PROCESSING))
                .description("Predictions running on Replicate")
                .register(meters);
    }

    void accepted(WorkKind kind, String model) {
        meters.counter("gateway.predictions.created", "kind", kind.column(), "model", prices.tagOf(model))
                .increment();
    }

    void finished(Prediction prediction) {
        meters.counter(
                        "gateway.predictions.finished",
                        "kind",
                        prediction.kind().column(),
                        "model",
                        prices.tagOf(prediction.model()),
                        "status",
                        prediction.status().wireName())
                .increment();
        String model = prices.tagOf(prediction.model());
        if (prediction.cost() != null && prediction.cost() > 0) {
            meters.counter("gateway.spend.estimated", "model", model, "owner", prediction.owner())
                    .increment(prediction.cost());
        }
        Double seconds = prediction.predictTime();
        if (seconds != null) {
            meters.counter("gateway.predict.seconds", "model", model).increment(seconds);
        }
        if (prediction.completedAt() != null) {
            meters.timer(
                            "gateway.predictions.duration",
                            "kind",
                            prediction.kind().column(),
                            "status",
                            prediction.status().wireName())
                    .record(Duration.between(prediction.createdAt(), prediction.completedAt()));
        }
    }
}
