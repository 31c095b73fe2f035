package dev.replicategateway.prediction;

import java.time.Instant;
import java.util.List;

/** Decides, inside the accepting transaction, whether an owner (and its end user) may add {@code items}. */
@FunctionalInterface
public interface Admission {

    /**
     * @param user the owner's end user (client token), or null
     * @throws dev.replicategateway.web.ApiProblem to refuse (the transaction then stores nothing)
     */
    void admit(String owner, String user, List<NewPrediction> items, Instant now);
}
