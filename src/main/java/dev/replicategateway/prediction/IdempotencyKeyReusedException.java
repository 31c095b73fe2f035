package dev.replicategateway.prediction;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import org.springframework.http.HttpStatus;

/** The same Idempotency-Key came with a different request body. */
class IdempotencyKeyReusedException extends ApiProblem {

    IdempotencyKeyReusedException(String key) {
        super(
                HttpStatus.UNPROCESSABLE_ENTITY,
                ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key reused",
                "Idempotency-Key '" + key + "' was already used with a different request body.");
    }
}
