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
        return new Prediction(
                current.id(),
                current.owner(),
                current.kind(),
                status,
                current.model(),
                current.input(),
                current.replicateId(),
                progress,
                logs,
                upstream.output() != null && !upstream.output().isNull() ? upstream.output() : current.output(),
                upstream.errorText() != null ? upstream.errorText() : current.error(),
                upstream.metrics() != null ? upstream.metrics() : current.metrics(),
                current.cancelRequested(),
                current.outcomeUnknown(),
                current.submitAttempts(),
                current.submitSentAt(),
                current.pollCount(),
                current.nextAttemptAt(),
                current.deadlineAt(),
                current.createdAt(),
                current.submittedAt(),
                upstream.startedAt() != null ? upstream.startedAt() : current.startedAt(),
                status.isFinal() ? (upstream.completedAt() != null ? upstream.completedAt() : now) : null,
                now);
    }

    /** Ends an in-flight prediction on our side (deadline passed, upstream lost it). */
    static Prediction fail(Prediction current, String error, Instant now) {
        return withStatus(current, PredictionStatus.FAILED, error, now);
    }

    static Prediction withStatus(Prediction c, PredictionStatus status, String error, Instant now) {
        return new Prediction(
                c.id(),
                c.owner(),
                c.kind(),
                status,
                c.model(),
                c.input(),
                c.replicateId(),
                c.progress(),
                c.logs(),
                c.output(),
                error,
                c.metrics(),
                c.cancelRequested(),
                c.outcomeUnknown(),
                c.submitAttempts(),
                c.submitSentAt(),
                c.pollCount(),
                c.nextAttemptAt(),
                c.deadlineAt(),
                c.createdAt(),
                c.submittedAt(),
                c.startedAt(),
                status.isFinal() ? now : c.completedAt(),
                now);
    }

    static Prediction rescheduled(Prediction c, int pollCount, Instant nextAttemptAt, Instant now) {
        return new Prediction(
                c.id(),
                c.owner(),
                c.kind(),
                c.status(),
                c.model(),
                c.input(),
                c.replicateId(),
                c.progress(),
                c.logs(),
                c.output(),
                c.error(),
                c.metrics(),
                c.cancelRequested(),
                c.outcomeUnknown(),
                c.submitAttempts(),
                c.submitSentAt(),
                pollCount,
                nextAttemptAt,
                c.deadlineAt(),
                c.createdAt(),
                c.submittedAt(),
                c.startedAt(),
                c.completedAt(),
                now);
    }

    /** Keeps whichever log is longer (so logs never shrink), trimmed to its last {@code tail} characters. */
    static String longer(String stored, String reported, int tail) {
        if (reported == null || (stored != null && reported.length() < stored.length())) {
            return stored;
        }
        return reported.length() <= tail ? reported : reported.substring(reported.length() - tail);
    }
}
