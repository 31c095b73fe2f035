package dev.replicategateway.prediction;

import java.time.Instant;
import java.util.List;

/** Decides, inside the accepting transaction, whether an owner may add {@code items}. */
@FunctionalInterface
public interface Admission {

    /** @throws dev.replicategateway.web.ApiProblem to refuse (the transaction then stores nothing) */
    void admit(String owner, List<NewPrediction> items, Instant now);
}
