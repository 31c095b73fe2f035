package dev.replicategateway.prediction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Counters and gauges of the lifecycle: created and finished by model and status, queue depth, in flight. */
@Component
class PredictionMetrics {

    private final MeterRegistry meters;
    private final PricingProperties pricing;

    PredictionMetrics(MeterRegistry meters, PredictionRows rows, PricingProperties pricing) {
        this.meters = meters;
        this.pricing = pricing;
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
        meters.counter("gateway.predictions.created", "kind", kind.column(), "model", model)
                .increment();
    }

    void finished(Prediction prediction) {
        meters.counter(
                        "gateway.predictions.finished",
                        "kind",
                        prediction.kind().column(),
                        "model",
                        prediction.model(),
                        "status",
                        prediction.status().wireName())
                .increment();
        Double seconds = prediction.predictTime();
        if (seconds != null) {
            meters.counter("gateway.spend.estimated", "model", prediction.model(), "owner", prediction.owner())
                    .increment(pricing.estimate(prediction.model(), seconds));
            meters.counter("gateway.predict.seconds", "model", prediction.model())
                    .increment(seconds);
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
