package dev.replicategateway.web;

import java.io.IOException;

/** A request body over the configured limit; read as 413. */
class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("The request body exceeds the limit of " + limit + " bytes.");
    }
}
