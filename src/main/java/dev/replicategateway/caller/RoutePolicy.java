package dev.replicategateway.caller;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;

/** What each path asks of a request before it is served. */
enum RoutePolicy {
    /** Health, info, the signed webhook endpoint, the API description, the simulator, the playground page. */
    PUBLIC,
    /** The rest of the actuator: the admin key. */
    ADMIN,
    /** {@code POST /tokens}: an API key (a client token cannot mint tokens). */
    KEY_ONLY,
    /** The Replicate-compatible API under {@code /v1}: an API key, as {@code Bearer} or {@code Token}. */
    COMPATIBLE,
    /** This API: an API key or a client token, or a signed link for an output or event stream. */
    API;

    static RoutePolicy of(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (isPublic(path)) {
            return PUBLIC;
        }
        if (path.startsWith("/actuator")) {
            return ADMIN;
        }
        if (path.equals("/tokens") || path.startsWith("/tokens/")) {
            return KEY_ONLY;
        }
        if (path.equals("/v1") || path.startsWith("/v1/")) {
            return COMPATIBLE;
        }
        return API;
    }

    /** The health endpoints show details only to the admin key. */
    static boolean isHealth(String path) {
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    private static boolean isPublic(String path) {
        return path.startsWith("/webhooks/")
                || isHealth(path)
                || path.equals("/actuator/info")
                || path.startsWith("/simulator/")
                || path.startsWith("/v3/api-docs")
                || path.startsWith("/swagger-ui")
                || path.equals("/error")
                || path.equals("/")
                || path.equals("/index.html")
                || path.equals("/favicon.ico")
                || path.startsWith("/playground/");
    }

    /** A GET of an output or event stream carrying a link signature; a presented credential takes precedence. */
    static boolean isLink(HttpServletRequest request) {
        // Method and path first: reading a parameter of a form or multipart POST would consume its body.
        return HttpMethod.GET.matches(request.getMethod())
                && SignedLinks.isSignable(request.getRequestURI())
                && request.getParameter("signature") != null;
    }
}
