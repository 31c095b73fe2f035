package dev.replicategateway.catalog;

import dev.replicategateway.web.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** The model's schema could not be fetched: nothing is sent unvalidated (unless the operator allows it). */
class SchemaUnavailableException extends ApiProblem {

    SchemaUnavailableException(String model, String why) {
        super(
                HttpStatus.SERVICE_UNAVAILABLE,
                URI.create("/problems/schema-unavailable"),
                "Model schema unavailable",
                "The input schema of '" + model + "' cannot be had right now (" + why
                        + "), so the request cannot be checked before it is paid for; retry shortly.");
    }
}
