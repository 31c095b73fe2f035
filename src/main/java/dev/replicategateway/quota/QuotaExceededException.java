package dev.replicategateway.quota;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import org.springframework.http.HttpStatus;

/** A caller's daily allowance is used up. */
class QuotaExceededException extends ApiProblem {

    QuotaExceededException(String detail) {
        super(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Quota exceeded", detail);
    }
}
