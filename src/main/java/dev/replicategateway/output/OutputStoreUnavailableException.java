package dev.replicategateway.output;

import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.ProblemTypes;
import org.springframework.http.HttpStatus;

/** The store holding kept outputs cannot be read right now; the caller may retry. */
class OutputStoreUnavailableException extends ApiProblem {

    OutputStoreUnavailableException() {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                ProblemTypes.OUTPUT_STORE_UNAVAILABLE,
                "Output store unavailable",
                "The kept output cannot be read right now; retry shortly.");
    }
}
