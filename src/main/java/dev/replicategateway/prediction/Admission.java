package dev.replicategateway.prediction;

import dev.replicategateway.web.ApiProblem;
import java.time.Instant;
import java.util.List;

/** Decides, inside the accepting transaction, whether an owner may add {@code items}. */
@FunctionalInterface
public interface Admission {

    /** @throws ApiProblem to refuse (the transaction then stores nothing) */
    void admit(String owner, List<NewPrediction> items, Instant now);
}
