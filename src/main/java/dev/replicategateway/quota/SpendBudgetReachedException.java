package dev.replicategateway.quota;

import dev.replicategateway.web.ApiProblem;
import java.net.URI;
import org.springframework.http.HttpStatus;

/** The caller's estimated spend today has reached its budget: 402, nothing is created. */
class SpendBudgetReachedException extends ApiProblem {

    SpendBudgetReachedException(String detail) {
        super(
                HttpStatus.PAYMENT_REQUIRED,
                URI.create("/problems/spend-budget-reached"),
                "Daily spend budget reached",
                detail);
    }
}
