package dev.replicategateway.simulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Starts jobs the way Replicate's create calls do: the job is registered and watched for webhooks,
 * {@code Prefer: wait} holds the answer, and only then may the after-create faults strike.
 */
final class JobLauncher {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final SimulatorState state;
    private final SimulatorProperties properties;
    private final SimulatorWebhooks webhooks;
    private final FaultInjector faults;

    JobLauncher(
            SimulatorState state, SimulatorProperties properties, SimulatorWebhooks webhooks, FaultInjector faults) {
        this.state = state;
        this.properties = properties;
        this.webhooks = webhooks;
        this.faults = faults;
    }

    /** A new job of {@code kind}, created now, that the caller completes with its model, input and timing. */
    SimulatedJob.Builder newJob(
            SimulatedJob.Kind kind, CreateRequest create, ModelTiming timing, HttpServletRequest request) {
        return SimulatedJob.builder(kind, state.newId(26), state.clock.instant())
                .input(create.input())
                .webhook(create.webhook(), create.webhookEventsFilter())
                .timing(timing.scaledBy(properties.timeScale()), timing.steps(create.input()))
                .fails(faults.failsJob())
                .baseUrl(baseUrl(request));
    }

    /** @return the 201 answer, or null when a fault cut the connection after the create */
    ResponseEntity<Map<String, Object>> start(
            SimulatedJob.Builder builder, String prefer, HttpServletResponse response) {
        SimulatedJob job = builder.build();
        state.add(job);
        webhooks.watch(job);
        waitFor(job, prefer);
        if (!faults.afterCreate(response)) {
            return null;
        }
        return ResponseEntity.status(201).body(job.toJson(state.clock.instant()));
    }

    private void waitFor(SimulatedJob job, String prefer) {
        if (prefer == null || !prefer.trim().startsWith("wait")) {
            return;
        }
        String value = prefer.trim();
        int seconds =
                value.startsWith("wait=") ? Integer.parseInt(value.substring(5).trim()) : 60;
        Duration wait = Duration.ofSeconds(Math.min(60, Math.max(1, seconds)));
        Instant until = state.clock.instant().plusNanos((long) (wait.toNanos() * properties.timeScale()));
        while (!job.at(state.clock.instant()).isFinal() && state.clock.instant().isBefore(until)) {
            sleep(Math.max(5, (long) (50 * properties.timeScale())));
        }
    }

    /** {@code Cancel-After} as Replicate reads it ({@code 90s}, {@code 1h30m}, {@code 500ms}); null when absent. */
    static Duration cancelAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = DURATION_PART.matcher(value.trim());
        Duration total = Duration.ZERO;
        while (matcher.find()) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(
                    switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofHours(amount);
                    });
        }
        return total.isZero() ? null : total;
    }

    static String baseUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath("")
                .toUriString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
