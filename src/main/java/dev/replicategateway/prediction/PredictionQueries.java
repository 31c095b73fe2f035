package dev.replicategateway.prediction;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Reads and cancels an owner's predictions (or trainings) from the store; never calls Replicate. */
@Service
public class PredictionQueries {

    private final PredictionRepository repository;
    private final Clock clock;

    PredictionQueries(PredictionRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The owner's prediction of this kind, or empty (another owner's is reported as absent, not forbidden). */
    public java.util.Optional<Prediction> find(String owner, String kind, String id) {
        return repository
                .findById(id)
                .filter(p -> p.owner().equals(owner) && p.kind().equals(kind));
    }

    public Page page(String owner, String kind, PredictionStatus status, String model, String cursor, int limit) {
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor);
        List<Prediction> rows = repository.list(
                owner,
                kind,
                status,
                model,
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                limit + 1);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Prediction last = rows.get(limit - 1);
            next = new PageCursor(last.createdAt(), last.id()).encode();
        }
        return new Page(rows, next);
    }

    /** Asks for a cancel of an unfinished prediction; the submitter or poller carries it out. */
    public Prediction requestCancel(Prediction prediction) {
        if (!repository.requestCancel(prediction.id(), clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            throw new AlreadyFinalException(prediction);
        }
        return repository.findById(prediction.id()).orElseThrow();
    }

    public record Page(List<Prediction> rows, String nextCursor) {}

    static class AlreadyFinalException extends ApiProblem {
        AlreadyFinalException(Prediction prediction) {
            super(
                    HttpStatus.CONFLICT,
                    ProblemTypes.CONFLICT,
                    "Already finished",
                    "'" + prediction.id() + "' is already "
                            + prediction.status().wireName() + " and cannot be canceled.");
        }
    }
}
