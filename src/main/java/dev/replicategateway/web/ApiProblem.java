package dev.replicategateway.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error a feature raises on purpose, carrying its problem type, status and a message fit for the
 * caller. Features subclass it (e.g. "prediction not found") so the advice needs no knowledge of them.
 */
public abstract class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;

    protected ApiProblem(HttpStatus status, URI type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }
}
