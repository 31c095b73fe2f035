package dev.replicategateway.prediction;

import java.time.Instant;

/** Decides, inside the accepting transaction, whether an owner may add {@code count} more predictions. */
@FunctionalInterface
public interface Admission {

    /** @throws RuntimeException (an {@link dev.replicategateway.web.ApiProblem}) to refuse */
    void admit(String owner, int count, Instant now);
}
