package dev.replicategateway.replicate;

import dev.replicategateway.common.Backoff;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Which Replicate calls are retried inside the call, on what, and why. This is the one place that
 * decides it.
 *
 * <ul>
 *   <li><b>Safe calls</b> (every GET, cancel and file delete, which are idempotent): retried on 429 and
 *       on any {@link ReplicateUnavailableException} (5xx, I/O error, timeout), since repeating them
 *       cannot cost money.
 *   <li><b>Creates</b> (predictions, trainings, models, files): retried only when Replicate certainly
 *       did not act: on 429 (a throttled request is not run), and on a failure before the request
 *       was written (connection refused, DNS, TLS). A create that failed <em>after</em> it was sent
 *       (timeout, 5xx, reset) has an unknown outcome: repeating it may start a second, paid
 *       prediction, so it is passed to the caller, which reconciles against Replicate's list.
 *   <li>Never retried: 401/403, 404, 422 and other 4xx, which a repeat cannot fix; a call refused by
 *       our own budget or by the open circuit breaker, where waiting inside the call helps nobody.
 *   <li>Waits: the {@code Retry-After} Replicate gave (header, else the seconds in its detail) when
 *       it gave one, else exponential backoff with jitter. A {@code Retry-After} longer than
 *       {@code maxRetryAfter} is not waited out inside the call: the caller reschedules instead.
 *   <li>The submitter and the poller make every call once ({@link ReplicateService#withoutRetries()}):
 *       their next round is the retry, so a create never runs past the lease it was claimed under.
 * </ul>
 */
final class ReplicateRetryRules {

    /** Whether a call may be repeated freely, or only when it certainly was not acted on. */
    public enum CallKind {
        SAFE,
        CREATE
    }

    private ReplicateRetryRules() {}

    static boolean isRetryable(CallKind kind, Throwable failure, Duration maxRetryAfter) {
        if (failure instanceof ReplicateThrottledException throttled) {
            return throttled.retryAfter() == null || throttled.retryAfter().compareTo(maxRetryAfter) <= 0;
        }
        if (failure instanceof UpstreamBudgetExhaustedException || failure instanceof ReplicateCircuitOpenException) {
            return false;
        }
        if (failure instanceof ReplicateUnavailableException unavailable) {
            return kind == CallKind.SAFE || !unavailable.requestSent();
        }
        return false;
    }

    /** The wait before attempt {@code attempt + 1}, in milliseconds. */
    static long waitMillis(int attempt, Throwable failure, Backoff backoff) {
        if (failure instanceof ReplicateThrottledException throttled && throttled.retryAfter() != null) {
            return throttled.retryAfter().toMillis();
        }
        return backoff.jittered(attempt, 0.5).toMillis();
    }

    static RetryConfig config(CallKind kind, ReplicateProperties.Retry settings) {
        Backoff backoff = new Backoff(settings.initialInterval(), 2.0, settings.maxInterval());
        Predicate<Throwable> retryable = failure -> isRetryable(kind, failure, settings.maxRetryAfter());
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .retryOnException(retryable)
                .intervalBiFunction((Integer attempt, Either<Throwable, Object> outcome) ->
                        waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null, backoff))
                .build();
    }
}
