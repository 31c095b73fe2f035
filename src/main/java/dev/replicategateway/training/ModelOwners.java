package dev.replicategateway.training;

import static dev.replicategateway.common.ModelNames.key;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.replicategateway.caller.CallerProperties;
import dev.replicategateway.prediction.WorkKind;
import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which caller each model this service created or trained into belongs to. The first caller whose
 * training into a model is accepted owns it: no other caller may train into it, and once a training of
 * its owner into it has reached Replicate (Replicate took the destination, so the owner's weights may
 * land there), no other caller may run it, whatever became of that training.
 *
 * <p>Running is not refused from the claim on because naming a destination is all a claim takes: a claim
 * on a model nobody can train into from here (an official one, whose training Replicate refuses) must
 * not lock every other caller out of it. Nor only from a succeeded training on: a training failed here
 * at its deadline, or lost, may still have pushed its version, and a success is known only at the next
 * poll or webhook.
 *
 * <p>Whether a model may hold another caller's weights is remembered (see {@link #UNCLAIMED_KEPT_FOR}):
 * it is asked of every request run, and the store would otherwise be asked each time.
 *
 * <p>Names are compared without regard to case, and kept in lower case: Replicate's owner and model names
 * are lower case, and a check that an upper-case spelling passed would let another caller's model through
 * wherever Replicate resolves the spelling to the same model.
 */
@Repository
class ModelOwners {

    /**
     * How long "nobody's weights may be in it" is remembered for a model. It changes when an owner's
     * training into the model reaches Replicate; a refusal may then start this much later, while that
     * training is minutes away from pushing weights, so nothing of the owner's can be run meanwhile.
     */
    static final Duration UNCLAIMED_KEPT_FOR = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TrainingProperties training;
    private final CallerProperties callers;
    /**
     * The caller whose weights may be in each model (lower case) run lately, if any: asked of the store
     * once per model rather than once per request. An owner is kept for good (claims are never given
     * up), nobody for {@link #UNCLAIMED_KEPT_FOR}.
     */
    private final Cache<String, Optional<String>> runOwners;

    @Autowired
    ModelOwners(JdbcClient jdbc, Clock clock, TrainingProperties training, CallerProperties callers) {
        // Monotonic, not the wall clock: a clock set back would keep "nobody" for as long again.
        this(jdbc, clock, training, callers, Ticker.systemTicker());
    }

    ModelOwners(JdbcClient jdbc, Clock clock, TrainingProperties training, CallerProperties callers, Ticker ticker) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.training = training;
        this.callers = callers;
        this.runOwners = Caffeine.newBuilder()
                .maximumSize(10_000)
                .ticker(ticker)
                .executor(Runnable::run) // read on every run: see SignedLinks
                .expireAfter(Expiry.<String, Optional<String>>writing(
                        (model, owner) -> owner.isPresent() ? Duration.ofNanos(Long.MAX_VALUE) : UNCLAIMED_KEPT_FOR))
                .build();
    }

    /**
     * @throws ModelOfAnotherCallerException when another caller owns {@code model} (owner/name), or when
     *     it is another caller's default destination: those names are known in advance, so otherwise one
     *     caller could take another's before its first training (two callers whose names reduce to the
     *     same default share it, the first to name it owning it)
     */
    void checkMayTrainInto(String caller, String model) {
        refuseAnothersDefault(caller, model);
        refuseAnothersClaim(caller, model);
    }

    /**
     * Makes {@code model} (owner/name) {@code caller}'s if nobody owns it yet; called in the transaction
     * that accepts the training, so a request refused on the way (its input, its quota, its webhook)
     * claims nothing. @throws as {@link #checkMayTrainInto} does
     */
    void claim(String caller, String model) {
        refuseAnothersDefault(caller, model);
        jdbc.sql(
                        """
                insert into model_owners (model, owner, created_at) values (:model, :owner, :now)
                on conflict do nothing""")
                .param("model", key(model))
                .param("owner", caller)
                .param("now", clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        refuseAnothersClaim(caller, model);
    }

    private void refuseAnothersDefault(String caller, String model) {
        if (training.defaultDestinationOf(caller)
                .filter(model::equalsIgnoreCase)
                .isPresent()) {
            return;
        }
        boolean anothers = callers.callerNames().stream()
                .filter(other -> !other.equals(caller))
                .anyMatch(other -> training.defaultDestinationOf(other)
                        .filter(model::equalsIgnoreCase)
                        .isPresent());
        if (anothers) {
            throw new ModelOfAnotherCallerException(model, "train into");
        }
    }

    private void refuseAnothersClaim(String caller, String model) {
        ownerOf(model).filter(owner -> !owner.equals(caller)).ifPresent(other -> {
            throw new ModelOfAnotherCallerException(model, "train into");
        });
    }

    /** @throws ModelOfAnotherCallerException when {@code model} (owner/name) may hold another caller's weights */
    void checkMayRun(String caller, String model) {
        runOwners
                .get(key(model), this::runOwnerOf)
                .filter(owner -> !owner.equals(caller))
                .ifPresent(other -> {
                    throw new ModelOfAnotherCallerException(model, "run");
                });
    }

    /** Forgets what {@link #checkMayRun} remembered: for tests that empty the store between them. */
    void forgetRunOwners() {
        runOwners.invalidateAll();
    }

    /** The owner of {@code key} once one of its trainings into it has reached Replicate. */
    private Optional<String> runOwnerOf(String key) {
        return jdbc.sql(
                        """
                select o.owner from model_owners o
                where o.model = :model and exists (
                    select 1 from predictions p join trainings t on t.id = p.id
                    where p.owner = o.owner and p.kind = :training and p.replicate_id is not null
                      and lower(t.destination) = o.model)""")
                .param("model", key)
                .param("training", WorkKind.TRAINING.column())
                .query(String.class)
                .optional();
    }

    private Optional<String> ownerOf(String model) {
        return jdbc.sql("select owner from model_owners where model = :model")
                .param("model", key(model))
                .query(String.class)
                .optional();
    }

    static final class ModelOfAnotherCallerException extends ApiProblem {
        /** @param action what the key may not do with it: "run" or "train into" */
        ModelOfAnotherCallerException(String model, String action) {
            super(
                    HttpStatus.FORBIDDEN,
                    ProblemTypes.FORBIDDEN,
                    "Model of another caller",
                    "The model '" + model + "' belongs to another caller; your key may not " + action + " it.");
        }
    }
}
