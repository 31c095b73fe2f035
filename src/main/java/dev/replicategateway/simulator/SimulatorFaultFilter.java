package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In front of the simulated API: requires a bearer token, counts requests by endpoint, and plays the
 * injected faults that do not depend on the call (429, 503, slow or cut answers of non-creates).
 */
@Component
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorFaultFilter extends OncePerRequestFilter {

    static final String CREATE_ATTRIBUTE = SimulatorFaultFilter.class.getName() + ".create";

    private final SimulatorState state;
    private final SimulatorProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    SimulatorFaultFilter(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/simulator/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String endpoint =
                request.getMethod() + " " + template(request.getRequestURI().substring("/simulator/v1".length()));
        state.countRequest(endpoint);
        String authorization = request.getHeader("Authorization");
        if (authorization == null
                || !authorization.startsWith("Bearer ")
                || authorization.substring(7).isBlank()) {
            write(
                    response,
                    401,
                    Map.of(
                            "title",
                            "Unauthenticated",
                            "detail",
                            "You did not pass an authentication token",
                            "status",
                            401));
            return;
        }
        SimulatorProperties.Faults faults = state.faults.get();
        if (state.roll(faults.throttleRate())) {
            state.count("faults.throttled");
            long seconds = Math.max(1, faults.throttleRetryAfter().toSeconds());
            response.setHeader("Retry-After", String.valueOf(seconds));
            write(
                    response,
                    429,
                    Map.of(
                            "title",
                            "Request was throttled",
                            "detail",
                            "Request was throttled. Expected available in " + seconds + " second"
                                    + (seconds == 1 ? "" : "s") + ".",
                            "status",
                            429));
            return;
        }
        if (state.roll(faults.serverErrorRate())) {
            state.count("faults.server_error");
            write(response, 503, Map.of("title", "Service Unavailable", "detail", "Simulated outage", "status", 503));
            return;
        }
        boolean create = isCreate(request);
        if (!create && state.roll(faults.slowRate())) {
            state.count("faults.slow");
            sleep(faults.slowDelay().toMillis());
        }
        if (!create && state.roll(faults.dropConnectionRate())) {
            state.count("faults.dropped");
            SimulatorApiController.cutConnection(response);
            return;
        }
        request.setAttribute(CREATE_ATTRIBUTE, create);
        chain.doFilter(request, response);
    }

    static boolean isCreate(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod())
                && (path.endsWith("/predictions")
                        || path.endsWith("/trainings")
                        || path.endsWith("/models")
                        || path.endsWith("/files"));
    }

    private static String template(String path) {
        return path.replaceAll("^/(predictions|trainings)/[^/]+", "/$1/{id}")
                .replaceAll("^/(models|deployments)/[^/]+/[^/]+", "/$1/{owner}/{name}")
                .replaceAll("/versions/[^/]+", "/versions/{version}")
                .replaceAll("^/files/[^/]+", "/files/{id}");
    }

    private void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
