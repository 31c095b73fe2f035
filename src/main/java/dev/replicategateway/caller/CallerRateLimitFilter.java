package dev.replicategateway.caller;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.web.ProblemResponses;
import dev.replicategateway.web.ProblemTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps each caller, and each of its end users, within its requests per minute, after
 * {@link CallerIdentityFilter} said who it is: {@code RateLimit-*} headers on every answer, a 429 with
 * {@code Retry-After} over the limit. Counts requests by caller (a bounded set: the configured keys).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class CallerRateLimitFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CallerRateLimitFilter.class);

    private final CallerRateLimits limits;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    /** One counter per caller (a bounded set: the configured keys), looked up once rather than per request. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    CallerRateLimitFilter(CallerRateLimits limits, ObjectMapper json, MeterRegistry meters) {
        this.limits = limits;
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !(request.getAttribute(CurrentCaller.ATTRIBUTE) instanceof Caller);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = (Caller) request.getAttribute(CurrentCaller.ATTRIBUTE);
        CallerRateLimits.Verdict verdict;
        try {
            verdict = limits.tryConsume(caller);
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
        long resetSeconds =
                Math.max(1, TimeUnit.NANOSECONDS.toSeconds(verdict.probe().getNanosToWaitForRefill()) + 1);
        response.setHeader("RateLimit-Limit", String.valueOf(verdict.limit()));
        response.setHeader("RateLimit-Remaining", String.valueOf(verdict.probe().getRemainingTokens()));
        if (!verdict.probe().isConsumed()) {
            meters.counter("gateway.callers.throttled", "caller", caller.name()).increment();
            response.setHeader("RateLimit-Reset", String.valueOf(resetSeconds));
            response.setHeader("Retry-After", String.valueOf(resetSeconds));
            ProblemResponses.write(
                    json,
                    request,
                    response,
                    HttpStatus.TOO_MANY_REQUESTS,
                    ProblemTypes.RATE_LIMITED,
                    "Too many requests",
                    (caller.user() == null ? "Your key" : "Each user") + " may make " + verdict.limit()
                            + " requests a minute; retry in " + resetSeconds + " s.");
            return;
        }
        requests.computeIfAbsent(caller.name(), name -> meters.counter("gateway.callers.requests", "caller", name))
                .increment();
        chain.doFilter(request, response);
    }
}
