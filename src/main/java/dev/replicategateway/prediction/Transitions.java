package dev.replicategateway.prediction;

import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Instant;

/**
 * Pure rules for folding what Replicate says into a stored prediction. Events arrive late, twice and
 * out of order (webhooks and polls race), so: a final state is never left, status only moves forward,
 * logs never shrink, and a field Replicate leaves out keeps its stored value.
 */
final class Transitions {

    private Transitions() {}

    static Prediction merge(Prediction current, ReplicatePrediction upstream, int logsTail, Instant now) {
        if (current.status().isFinal() || upstream.status() == null) {
            return current;
        }
        PredictionStatus reported = PredictionStatus.of(upstream.status());
        PredictionStatus status = current.status().canMoveTo(reported) ? reported : current.status();
        String logs = longer(current.logs(), upstream.logs(), logsTail);
        Double parsed = ProgressParser.parse(logs);
        Double progress = status == PredictionStatus.SUCCEEDED
                ? Double.valueOf(1.0)
                : parsed != null ? parsed : current.progress();
        return current.toBuilder()
                .status(status)
                .progress(progress)
                .logs(logs)
                .output(upstream.output() != null && !upstream.output().isNull() ? upstream.output() : current.output())
                .error(upstream.errorText() != null ? upstream.errorText() : current.error())
                .metrics(upstream.metrics() != null ? upstream.metrics() : current.metrics())
                .startedAt(upstream.startedAt() != null ? upstream.startedAt() : current.startedAt())
                .completedAt(status.isFinal() ? (upstream.completedAt() != null ? upstream.completedAt() : now) : null)
                .updatedAt(now)
                .build();
    }

    /** Ends an in-flight prediction on our side (deadline passed, upstream lost it). */
    static Prediction fail(Prediction current, String error, Instant now) {
        return withStatus(current, PredictionStatus.FAILED, error, now);
    }

    static Prediction withStatus(Prediction current, PredictionStatus status, String error, Instant now) {
        return current.toBuilder()
                .status(status)
                .error(error)
                .completedAt(status.isFinal() ? now : current.completedAt())
                .updatedAt(now)
                .build();
    }

    static Prediction rescheduled(Prediction current, int pollCount, Instant nextAttemptAt, Instant now) {
        return current.toBuilder()
                .pollCount(pollCount)
                .nextAttemptAt(nextAttemptAt)
                .updatedAt(now)
                .build();
    }

    /** Keeps whichever log is longer (so logs never shrink), trimmed to its last {@code tail} characters. */
    static String longer(String stored, String reported, int tail) {
        if (reported == null || (stored != null && reported.length() < stored.length())) {
            return stored;
        }
        return reported.length() <= tail ? reported : reported.substring(reported.length() - tail);
    }
}
