package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;

/**
 * Every injected fault is decided here, against the faults in force: the filter asks before a request
 * reaches its controller, the create paths ask once the job exists, and jobs and webhooks ask whether
 * they fail or get lost. Each fault that strikes is counted under {@code faults.*} (or {@code webhooks.lost}).
 */
final class FaultInjector {

    private final SimulatorState state;
    private final ObjectMapper json = new ObjectMapper();

    FaultInjector(SimulatorState state) {
        this.state = state;
    }

    /**
     * Plays the faults that strike before the controller: 429 (for any call, or for prediction and
     * training creates only), 503, and for calls that create nothing, a slow or cut answer (a create is
     * slowed or cut only after it happened, see {@link #afterCreate}).
     *
     * @return true when the request has been answered here
     */
    boolean before(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SimulatorProperties.Faults faults = state.faults.get();
        if (state.roll(faults.throttleRate())) {
            state.count("faults.throttled");
            long seconds = retryAfter(response, faults.throttleRetryAfter());
            throttled(
                    response,
                    "Request was throttled. Expected available in " + seconds + " second" + (seconds == 1 ? "" : "s")
                            + ".");
            return true;
        }
        if (isJobCreate(request) && state.roll(faults.createThrottleRate())) {
            state.count("faults.create_throttled");
            long seconds = retryAfter(response, faults.createThrottleRetryAfter());
            throttled(response, "Request was throttled. Your rate limit resets in ~" + seconds + "s.");
            return true;
        }
        if (state.roll(faults.serverErrorRate())) {
            state.count("faults.server_error");
            write(response, 503, Map.of("title", "Service Unavailable", "detail", "Simulated outage", "status", 503));
            return true;
        }
        if (isCreate(request)) {
            return false;
        }
        if (state.roll(faults.slowRate())) {
            state.count("faults.slow");
            sleep(faults.slowDelay().toMillis());
        }
        if (state.roll(faults.dropConnectionRate())) {
            state.count("faults.dropped");
            cutConnection(response);
            return true;
        }
        return false;
    }

    /**
     * Faults that strike after a create happened, so the client cannot know it did: a slow answer, or a
     * connection cut mid-answer.
     *
     * @return false when the answer was cut and nothing more may be written
     */
    boolean afterCreate(HttpServletResponse response) {
        SimulatorProperties.Faults faults = state.faults.get();
        if (state.roll(faults.slowRate())) {
            state.count("faults.slow");
            sleep(faults.slowDelay().toMillis());
        }
        if (state.roll(faults.dropConnectionRate())) {
            state.count("faults.dropped");
            cutConnection(response);
            return false;
        }
        return true;
    }

    /** Whether a new prediction or training will end {@code failed}. */
    boolean failsJob() {
        return state.roll(state.faults.get().failureRate());
    }

    /** Whether one webhook event is never delivered. */
    boolean losesWebhook() {
        if (state.roll(state.faults.get().lostWebhookRate())) {
            state.count("webhooks.lost");
            return true;
        }
        return false;
    }

    private static boolean isCreate(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod())
                && (path.endsWith("/predictions")
                        || path.endsWith("/trainings")
                        || path.endsWith("/models")
                        || path.endsWith("/files"));
    }

    /** Creates a prediction or a training: what Replicate's separate create limit counts. */
    private static boolean isJobCreate(HttpServletRequest request) {
        String path = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (path.endsWith("/predictions") || path.endsWith("/trainings"));
    }

    private static long retryAfter(HttpServletResponse response, Duration retryAfter) {
        long seconds = Math.max(1, retryAfter.toSeconds());
        response.setHeader("Retry-After", String.valueOf(seconds));
        return seconds;
    }

    private void throttled(HttpServletResponse response, String detail) throws IOException {
        write(response, 429, Map.of("title", "Request was throttled", "detail", detail, "status", 429));
    }

    /** Declares a longer body than it writes, then closes: the client sees the connection end mid-answer. */
    private static void cutConnection(HttpServletResponse response) {
        try {
            response.setStatus(201);
            response.setContentType("application/json");
            response.setContentLength(4096);
            response.setHeader("Connection", "close");
            var out = response.getOutputStream();
            out.write("{\"id\": \"".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.close();
        } catch (IOException ignored) {
            // The client went away first: the same outcome.
        }
    }

    private void write(HttpServletResponse response, int status, Map<String, Object> body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
