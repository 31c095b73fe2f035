package dev.replicategateway.prediction;

import dev.replicategateway.caller.Caller;
import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What other features may read of the stored work (never its tables): a caller's predictions and
 * trainings (with a client token, only its end user's), pages of them, their usage, and cancel
 * requests. Never calls Replicate.
 */
@Service
public class PredictionQueries {

    /** One row of usage: what an owner ran on a UTC day, of one model and kind. */
    public record UsageRow(
            LocalDate day,
            WorkKind kind,
            String model,
            long count,
            long succeeded,
            double predictSeconds,
            double spendUsd) {}

    public record Page(List<Prediction> rows, String nextCursor) {}

    private final PredictionRows rows;
    private final StateUpdates updates;
    private final UsageRows usage;
    private final Clock clock;

    PredictionQueries(PredictionRows rows, StateUpdates updates, UsageRows usage, Clock clock) {
        this.rows = rows;
        this.updates = updates;
        this.usage = usage;
        this.clock = clock;
    }

    /** The caller's work of this kind, or empty: another caller's (or user's) is reported as absent, not forbidden. */
    public Optional<Prediction> find(Caller caller, WorkKind kind, String id) {
        return rows.findById(id).filter(p -> p.kind() == kind && caller.owns(p.owner(), p.user()));
    }

    /** Stored work by id, whoever owns it, in no particular order: for waiting on many at once. */
    public List<Prediction> findAllById(Collection<String> ids) {
        return ids.isEmpty() ? List.of() : rows.findAllById(ids);
    }

    /** Any stored work by id, whoever owns it: for background jobs, never for answering a caller. */
    public Optional<Prediction> findById(String id) {
        return rows.findById(id);
    }

    /**
     * A page of the caller's work, newest first.
     *
     * @param user for a key holder, one of its end users only (null: all); a client token sees its own user's
     */
    public Page page(
            Caller caller,
            String user,
            WorkKind kind,
            PredictionStatus status,
            String model,
            String cursor,
            int limit) {
        return page(caller, PredictionFilter.of(kind).user(user).status(status).model(model), cursor, limit);
    }

    /** A page of the caller's work matching {@code filter}, newest first; a client token sees its own user's. */
    public Page page(Caller caller, PredictionFilter filter, String cursor, int limit) {
        PageCursor after = cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor);
        List<Prediction> found = rows.list(
                caller.name(),
                caller.user() != null ? filter.user(caller.user()) : filter,
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                limit + 1);
        String next = null;
        if (found.size() > limit) {
            found = found.subList(0, limit);
            Prediction last = found.get(limit - 1);
            next = new PageCursor(last.createdAt(), last.id()).encode();
        }
        return new Page(found, next);
    }

    /** What {@code owner} (or one of its end users) ran since {@code since}, by UTC day, kind and model. */
    public List<UsageRow> usage(String owner, String user, Instant since) {
        return usage.since(owner, user, since);
    }

    /** Asks for a cancel of an unfinished prediction; the submitter or poller carries it out. */
    public Prediction requestCancel(Prediction prediction) {
        if (!updates.requestCancel(prediction.id(), clock.instant().truncatedTo(ChronoUnit.MICROS))) {
            throw new AlreadyFinalException(prediction);
        }
        return rows.findById(prediction.id()).orElseThrow();
    }

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
