package dev.replicategateway.caller;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request. Authentication sets the request attribute; without it (open
 * local development) every request belongs to {@value #ANONYMOUS}.
 */
@Component
public class CurrentCaller {

    public static final String ANONYMOUS = "anonymous";
    public static final String ATTRIBUTE = CurrentCaller.class.getName();

    private final HttpServletRequest request;

    CurrentCaller(HttpServletRequest request) {
        this.request = request;
    }

    /** The owner name under which the current request's work is stored. */
    public String owner() {
        Object caller = request.getAttribute(ATTRIBUTE);
        return caller instanceof String name ? name : ANONYMOUS;
    }
}
