package dev.replicategateway.caller;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * The caller of the current request, as {@link CallerIdentityFilter} established it; without it (open
 * local development) every request belongs to {@value Caller#ANONYMOUS}.
 */
@Component
public class CurrentCaller {

    static final String ATTRIBUTE = CurrentCaller.class.getName();

    private final HttpServletRequest request;

    CurrentCaller(HttpServletRequest request) {
        this.request = request;
    }

    public Caller get() {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? caller : Caller.open();
    }

    /** The owner name under which the current request's work is stored. */
    public String owner() {
        return get().name();
    }

    static void set(HttpServletRequest request, Caller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }
}
