package dev.replicategateway.prediction;

import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicatePrediction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds, in Replicate's list of recent predictions, the one a create whose answer we lost may have
 * started: same model, same input, created after we sent it, and not already recorded for another of
 * ours. Found, it is adopted instead of creating (and paying) again.
 */
@Component
class LostCreateFinder {

    /** Replicate's clock and ours differ a little; look this far before our send. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final PredictionRepository repository;
    private final LifecycleProperties properties;

    LostCreateFinder(PredictionRepository repository, LifecycleProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    Optional<ReplicatePrediction> find(Prediction prediction, UpstreamKind upstream) {
        Instant since = prediction.submitSentAt().minus(CLOCK_SKEW);
        String cursor = null;
        for (int page = 0; page < properties.submit().reconcilePages(); page++) {
            PredictionPage results = upstream.list(cursor);
            boolean reachedOlder = false;
            for (ReplicatePrediction candidate : results.results()) {
                if (candidate.createdAt() != null && candidate.createdAt().isBefore(since)) {
                    reachedOlder = true;
                    continue;
                }
                if (upstream.isCreateOf(prediction, candidate) && !repository.isReplicateIdKnown(candidate.id())) {
                    return Optional.of(candidate);
                }
            }
            if (reachedOlder || results.next() == null) {
                break;
            }
            cursor = results.next();
        }
        return Optional.empty();
    }
}
