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
 * In front of the simulated API: counts requests by endpoint, requires a bearer token, refuses an
 * upload whose declared length is over the Files API's limit before reading it, and lets the
 * {@link FaultInjector} play the faults that strike before a controller is reached.
 */
@Component
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorFaultFilter extends OncePerRequestFilter {

    /** Room for a multipart body's boundaries and small parts around the file itself. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final SimulatorState state;
    private final FaultInjector faults;
    private final long maxFileSize;
    private final ObjectMapper json = new ObjectMapper();

    SimulatorFaultFilter(SimulatorState state, FaultInjector faults, SimulatorProperties properties) {
        this.state = state;
        this.faults = faults;
        this.maxFileSize = properties.maxFileSize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/simulator/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        state.countRequest(
                request.getMethod() + " " + template(request.getRequestURI().substring("/simulator/v1".length())));
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
        if ("POST".equals(request.getMethod())
                && request.getRequestURI().equals("/simulator/v1/files")
                && request.getContentLengthLong() > maxFileSize + MULTIPART_OVERHEAD) {
            response.setHeader("Connection", "close");
            write(response, 413, FilesController.tooLarge(maxFileSize).body());
            return;
        }
        if (faults.before(request, response)) {
            return;
        }
        chain.doFilter(request, response);
    }

    private void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    /** The endpoint a path belongs to, as Replicate's docs name it: {@code /predictions/{id}} and so on. */
    static String template(String path) {
        return path.replaceAll("^/(predictions|trainings)/[^/]+", "/$1/{id}")
                .replaceAll("^/(models|deployments)/[^/]+/[^/]+", "/$1/{owner}/{name}")
                .replaceAll("/versions/[^/]+", "/versions/{version}")
                .replaceAll("^/files/[^/]+", "/files/{id}");
    }
}
