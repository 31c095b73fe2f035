package dev.replicategateway.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.web.ProblemResponses;
import dev.replicategateway.web.ProblemTypes;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
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
 * Who is calling, and whether they may: API routes need {@code Authorization: Bearer <key>} (unless
 * no keys are configured: open local development) or a {@link SignedLinks signed link} for an output
 * or event stream, the actuator beyond health needs the admin key, and each caller stays within its
 * requests per minute. Webhooks (signed) and health stay open.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class CallerAuthenticationFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerAuthenticationFilter.class);

    private final ApiKeys keys;
    private final SignedLinks links;
    private final CallerRateLimits rateLimits;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    CallerAuthenticationFilter(
            CallerProperties properties,
            SignedLinks links,
            CallerRateLimits rateLimits,
            ObjectMapper json,
            MeterRegistry meters) {
        this.keys = ApiKeys.parse(properties.apiKeys(), properties.adminKey());
        this.links = links;
        this.rateLimits = rateLimits;
        this.json = json;
        this.meters = meters;
        if (keys.isOpen()) {
            log.warn("*** No GATEWAY_API_KEYS configured: the API is OPEN to anyone who can reach it. "
                    + "Fine for local development, never for production. ***");
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
        String path = request.getRequestURI();
        if (isPublic(path) || HttpMethod.OPTIONS.matches(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String presented = bearer(request);
        if (path.startsWith("/actuator")) {
            if (presented == null || !keys.isAdmin(presented)) {
                unauthorized(request, response, "The actuator needs the admin key (GATEWAY_ADMIN_KEY).");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String caller;
        if (keys.isOpen()) {
            caller = CurrentCaller.ANONYMOUS;
        } else if (presented == null && isLink(request, path)) {
            caller = request.getParameter("caller");
            var verdict =
                    links.verify(path, caller, request.getParameter("expires"), request.getParameter("signature"));
            if (verdict != SignedLinks.Verdict.VALID || !keys.hasCaller(caller)) {
                meters.counter("gateway.callers.rejected", "reason", "link").increment();
                linkRefused(request, response, verdict == SignedLinks.Verdict.EXPIRED);
                return;
            }
        } else {
            caller = presented == null ? null : keys.callerOf(presented).orElse(null);
            if (caller == null) {
                meters.counter("gateway.callers.rejected", "reason", presented == null ? "missing" : "unknown")
                        .increment();
                unauthorized(
                        request,
                        response,
                        presented == null
                                ? "Send your API key as 'Authorization: Bearer <key>'."
                                : "The API key is not valid.");
                return;
            }
        }
        ConsumptionProbe probe;
        try {
            probe = rateLimits.tryConsume(caller);
        } catch (RuntimeException e) {
            log.error("Rate limiter unavailable", e);
            response.setHeader("Retry-After", "5");
            ProblemResponses.write(
                    json,
                    request,
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    ProblemTypes.RATE_LIMITED,
                    "Rate limiter unavailable",
                    "Quotas cannot be checked right now; retry shortly.");
            return;
        }
        int limit = rateLimits.limitOf(caller);
        long resetSeconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
        response.setHeader("RateLimit-Limit", String.valueOf(limit));
        response.setHeader("RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        if (!probe.isConsumed()) {
            meters.counter("gateway.callers.throttled", "caller", caller).increment();
            response.setHeader("RateLimit-Reset", String.valueOf(resetSeconds));
            response.setHeader("Retry-After", String.valueOf(resetSeconds));
            ProblemResponses.write(
                    json,
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    ProblemTypes.RATE_LIMITED,
                    "Too many requests",
                    "Your key allows " + limit + " requests per minute; retry in " + resetSeconds + " s.");
            return;
        }
        meters.counter("gateway.callers.requests", "caller", caller).increment();
        request.setAttribute(CurrentCaller.ATTRIBUTE, caller);
        MDC.put("caller", caller);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("caller");
        }
    }

    /** A GET of an output or event stream carrying a link signature; a presented key takes precedence. */
    private static boolean isLink(HttpServletRequest request, String path) {
        // Method and path first: reading a parameter of a form or multipart POST would consume its body.
        return HttpMethod.GET.matches(request.getMethod())
                && SignedLinks.isSignable(path)
                && request.getParameter("signature") != null;
    }

    private void linkRefused(HttpServletRequest request, HttpServletResponse response, boolean expired)
            throws IOException {
        ProblemResponses.write(
                json,
                request,
                response,
                HttpStatus.UNAUTHORIZED,
                ProblemTypes.LINK_INVALID,
                expired ? "Link expired" : "Link not valid",
                expired
                        ? "This link has expired; fetch the prediction again for a fresh one."
                        : "This link is not valid for this path; fetch the prediction again for a fresh one.");
    }

    private static boolean isPublic(String path) {
        return path.startsWith("/webhooks/")
                || path.equals("/actuator/health")
                || path.startsWith("/actuator/health/")
                || path.equals("/actuator/info")
                || path.startsWith("/simulator/")
                || path.startsWith("/v3/api-docs")
                || path.startsWith("/swagger-ui")
                || path.equals("/error");
    }

    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).trim();
        return key.isEmpty() ? null : key;
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponses.write(
                json, request, response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
    }
}
