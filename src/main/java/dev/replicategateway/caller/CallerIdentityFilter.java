package dev.replicategateway.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.web.ProblemResponses;
import dev.replicategateway.web.ProblemTypes;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes who is calling, as each route asks ({@link RoutePolicy}): an API key
 * ({@code Authorization: Bearer <key>}, or {@code Token <key>} on the Replicate-compatible API), a
 * client token, a signed link, or the admin key for the actuator. Wrong credentials are counted per
 * client address and, past a few a minute, refused without being looked at. The caller is put in the
 * request and the logging context. Rate limits are {@link CallerRateLimitFilter}'s.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class CallerIdentityFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerIdentityFilter.class);

    private final ApiKeys keys;
    private final SignedLinks links;
    private final ClientTokens tokens;
    private final AuthenticationFailures failures;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    CallerIdentityFilter(
            CallerProperties properties,
            SignedLinks links,
            ClientTokens tokens,
            AuthenticationFailures failures,
            ObjectMapper json,
            MeterRegistry meters) {
        this.keys = ApiKeys.parse(properties.apiKeys(), properties.adminKey());
        this.links = links;
        this.tokens = tokens;
        this.failures = failures;
        this.json = json;
        this.meters = meters;
        if (keys.isOpen()) {
            log.warn("*** No GATEWAY_API_KEYS configured: the API is OPEN to anyone who can reach it. "
                    + "Fine for the simulator and local development, never with a real token in production. ***");
        } else {
            log.info("API keys configured for {} caller(s)", keys.size());
        }
    }

    boolean isOpen() {
        return keys.isOpen();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (HttpMethod.OPTIONS.matches(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        RoutePolicy route = RoutePolicy.of(request);
        String address = request.getRemoteAddr();
        Credential presented = Credential.of(request, route == RoutePolicy.COMPATIBLE);
        if (route == RoutePolicy.PUBLIC) {
            boolean admin = RoutePolicy.isHealth(request.getRequestURI())
                    && presented != null
                    && keys.isAdmin(presented.value());
            chain.doFilter(admin ? new AdminRequest(request) : request, response);
            return;
        }
        if (presented != null && failures.isBlocked(address)) {
            tooManyFailures(request, response, address);
            return;
        }
        if (route == RoutePolicy.ADMIN) {
            if (presented == null || !keys.isAdmin(presented.value())) {
                refused(request, response, address, presented, "The actuator needs the admin key (GATEWAY_ADMIN_KEY).");
                return;
            }
            chain.doFilter(new AdminRequest(request), response);
            return;
        }
        Caller caller = identify(request, response, route, presented, address);
        if (caller == null) {
            return;
        }
        CurrentCaller.set(request, caller);
        MDC.put("caller", caller.name());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("caller");
        }
    }

    /** The caller of an API request, or null when the answer (401, 429) has been written. */
    private Caller identify(
            HttpServletRequest request,
            HttpServletResponse response,
            RoutePolicy route,
            Credential presented,
            String address)
            throws IOException {
        boolean mayUseToken = route == RoutePolicy.API;
        if (presented != null && ClientTokens.looksLikeToken(presented.value())) {
            if (!mayUseToken) {
                problem(
                        request,
                        response,
                        HttpStatus.FORBIDDEN,
                        ProblemTypes.FORBIDDEN,
                        "Token not accepted here",
                        "A client token cannot be used on this route; it needs the API key.");
                return null;
            }
            return fromToken(request, response, presented.value(), address);
        }
        if (keys.isOpen()) {
            return Caller.open();
        }
        if (presented != null) {
            String name = keys.callerOf(presented.value()).orElse(null);
            if (name == null) {
                refused(request, response, address, presented, "The API key is not valid.");
                return null;
            }
            return new Caller(name, null, Caller.Via.KEY);
        }
        if (route == RoutePolicy.API && RoutePolicy.isLink(request)) {
            return fromLink(request, response);
        }
        refused(request, response, address, null, "Send your API key as 'Authorization: Bearer <key>'.");
        return null;
    }

    private Caller fromToken(HttpServletRequest request, HttpServletResponse response, String token, String address)
            throws IOException {
        ClientTokens.Verdict verdict = tokens.verify(token);
        if (verdict instanceof ClientTokens.Valid valid && keys.hasCaller(valid.caller())) {
            return new Caller(valid.caller(), valid.user(), Caller.Via.TOKEN);
        }
        boolean expired = verdict instanceof ClientTokens.Expired;
        meters.counter("gateway.callers.rejected", "reason", expired ? "token_expired" : "token_invalid")
                .increment();
        if (!expired) {
            long left = failures.failed(address);
            log.warn("Refused a client token that is not valid from {} ({} more tries this minute)", address, left);
        }
        response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        problem(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.TOKEN_INVALID,
                expired ? "Token expired" : "Token not valid",
                expired
                        ? "The client token has expired; ask the product's backend for a new one."
                        : "The client token is not valid; ask the product's backend for a new one.");
        return null;
    }

    private Caller fromLink(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String caller = request.getParameter("caller");
        var verdict = links.verify(
                request.getRequestURI(), caller, request.getParameter("expires"), request.getParameter("signature"));
        if (verdict == SignedLinks.Verdict.VALID && keys.hasCaller(caller)) {
            return new Caller(caller, null, Caller.Via.LINK);
        }
        meters.counter("gateway.callers.rejected", "reason", "link").increment();
        boolean expired = verdict == SignedLinks.Verdict.EXPIRED;
        problem(
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.LINK_INVALID,
                expired ? "Link expired" : "Link not valid",
                expired
                        ? "This link has expired; fetch the prediction again for a fresh one."
                        : "This link is not valid for this path; fetch the prediction again for a fresh one.");
        return null;
    }

    private void refused(
            HttpServletRequest request,
            HttpServletResponse response,
            String address,
            Credential presented,
            String detail)
            throws IOException {
        meters.counter("gateway.callers.rejected", "reason", presented == null ? "missing" : "unknown")
                .increment();
        if (presented != null) {
            long left = failures.failed(address);
            // Never the key itself: only where it came from.
            log.warn(
                    "Refused a wrong key for {} from {} ({} more tries this minute)",
                    request.getRequestURI(),
                    address,
                    left);
        }
        response.setHeader("WWW-Authenticate", "Bearer");
        problem(request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
    }

    private void tooManyFailures(HttpServletRequest request, HttpServletResponse response, String address)
            throws IOException {
        meters.counter("gateway.callers.rejected", "reason", "too_many_failures")
                .increment();
        response.setHeader("Retry-After", String.valueOf(failures.retryAfterSeconds(address)));
        problem(
                request,
                response,
                HttpStatus.TOO_MANY_REQUESTS,
                ProblemTypes.RATE_LIMITED,
                "Too many failed attempts",
                "Too many wrong keys or tokens from your address; retry after the Retry-After seconds.");
    }

    private void problem(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            URI type,
            String title,
            String detail)
            throws IOException {
        ProblemResponses.write(json, request, response, status, type, title, detail);
    }

    /** The credential in {@code Authorization}: {@code Bearer x}, or also {@code Token x} where allowed. */
    private record Credential(String value) {
        static Credential of(HttpServletRequest request, boolean tokenScheme) {
            String header = request.getHeader("Authorization");
            if (header == null) {
                return null;
            }
            String value = null;
            if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                value = header.substring(7).trim();
            } else if (tokenScheme && header.regionMatches(true, 0, "Token ", 0, 6)) {
                value = header.substring(6).trim();
            }
            return value == null || value.isEmpty() ? null : new Credential(value);
        }
    }

    /** The admin key was presented: health shows its details (Spring Boot asks the request's principal). */
    private static final class AdminRequest extends HttpServletRequestWrapper {
        private static final Principal ADMIN = () -> "admin";

        AdminRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return ADMIN;
        }

        @Override
        public boolean isUserInRole(String role) {
            return "ADMIN".equals(role);
        }
    }
}
