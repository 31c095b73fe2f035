package dev.replicategateway.prediction;

import dev.replicategateway.replicate.PredictionPage;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicatePrediction;
import dev.replicategateway.replicate.ReplicateService.ListWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Looks, in Replicate's list, for what a create whose answer we lost may have started: same model,
 * same input, created since we sent it, and not already recorded for another of ours. The search asks
 * Replicate for exactly the window since the send ({@code created_after}/{@code created_before}) and
 * must read it to its end: a search that could not (too many pages) is {@link Inconclusive}, and is
 * never taken as "not created".
 */
@Component
class LostCreateSearch {

    /** Replicate's clock and ours differ a little; look this far before our send. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final PredictionRows rows;
    private final LifecycleProperties properties;

    LostCreateSearch(PredictionRows rows, LifecycleProperties properties) {
        this.rows = rows;
        this.properties = properties;
    }

    sealed interface Outcome permits Found, NotCreated, Inconclusive {}

    /** The create happened: adopt {@code created}; {@code duplicates} matched too (created twice before). */
    record Found(ReplicatePrediction created, List<ReplicatePrediction> duplicates) implements Outcome {}

    /** The whole window was read and holds nothing of ours: creating now cannot pay twice. */
    record NotCreated() implements Outcome {}

    record Inconclusive(String why) implements Outcome {}

    /**
     * Inconclusive too when a list call fails: such a search is repeated after the same wait as an
     * incomplete one, not after the backoff of failed sends, which grows with every 429 the row met and
     * would leave a paid prediction unattached for minutes.
     */
    Outcome search(Prediction prediction, UpstreamWork upstream, Instant now, Duration callTimeout) {
        try {
            return searchWindow(prediction, upstream, now, callTimeout);
        } catch (ReplicateException e) {
            return new Inconclusive("the search failed: " + e.getMessage());
        }
    }

    private Outcome searchWindow(Prediction prediction, UpstreamWork upstream, Instant now, Duration callTimeout) {
        Instant since = prediction.submitSentAt().minus(CLOCK_SKEW);
        ListWindow window = new ListWindow(since, now.plus(CLOCK_SKEW));
        List<ReplicatePrediction> matches = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < properties.submit().reconcilePages(); page++) {
            PredictionPage results = upstream.list(window, cursor, callTimeout);
            boolean reachedOlder = false;
            for (ReplicatePrediction candidate : results.results()) {
                // Replicate filters predictions by creation time; trainings' lists ignore the filter.
                if (candidate.createdAt() != null && candidate.createdAt().isBefore(since)) {
                    reachedOlder = true;
                } else if (upstream.isCreateOf(prediction, candidate) && !rows.isReplicateIdKnown(candidate.id())) {
                    matches.add(candidate);
                }
            }
            if (reachedOlder || results.next() == null) {
                return matches.isEmpty() ? new NotCreated() : found(matches);
            }
            cursor = results.next();
        }
        return matches.isEmpty()
                ? new Inconclusive("more than " + properties.submit().reconcilePages() + " list pages since the send")
                : found(matches);
    }

    private static Found found(List<ReplicatePrediction> matches) {
        List<ReplicatePrediction> oldestFirst = new ArrayList<>(matches);
        oldestFirst.sort(
                Comparator.comparing(ReplicatePrediction::createdAt, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Found(oldestFirst.get(0), List.copyOf(oldestFirst.subList(1, oldestFirst.size())));
    }
}
