package dev.replicategateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated prediction or training. Its state is not advanced by a timer: {@link #at(Instant)}
 * computes it from the clock (created → started → steps done → final), so ten thousand of them cost
 * only their fields.
 */
final class SimulatedJob {

    enum Kind {
        PREDICTION,
        TRAINING
    }

    /** Replicate deletes a prediction's inputs, outputs and logs this long after it ends (real time, never scaled). */
    static final Duration DATA_RETENTION = Duration.ofHours(1);

    final String id;
    final Kind kind;
    final String model;
    final String version;
    final Map<String, Object> input;
    final String destination;
    final String webhook;
    final List<String> webhookEventsFilter;
    final Instant createdAt;
    final Instant startsAt;
    final Duration stepTime;
    final int steps;
    final Instant deadline;
    final boolean fails;
    final String baseUrl;
    final String trainedVersion;
    private volatile Instant canceledAt;

    SimulatedJob(
            String id,
            Kind kind,
            String model,
            String version,
            Map<String, Object> input,
            String destination,
            String webhook,
            List<String> webhookEventsFilter,
            Instant createdAt,
            Duration startDelay,
            Duration stepTime,
            int steps,
            Duration cancelAfter,
            boolean fails,
            String baseUrl,
            String trainedVersion) {
        this.id = id;
        this.kind = kind;
        this.model = model;
        this.version = version;
        this.input = input;
        this.destination = destination;
        this.webhook = webhook;
        this.webhookEventsFilter = webhookEventsFilter;
        this.createdAt = createdAt;
        this.startsAt = createdAt.plus(startDelay);
        this.stepTime = stepTime;
        this.steps = steps;
        this.deadline = cancelAfter == null ? null : createdAt.plus(cancelAfter);
        this.fails = fails;
        this.baseUrl = baseUrl;
        this.trainedVersion = trainedVersion;
    }

    Instant finishesAt() {
        return startsAt.plus(stepTime.multipliedBy(steps));
    }

    /** Cancels it if it is not final yet; returns whether it was. */
    synchronized boolean cancel(Instant now) {
        if (at(now).isFinal()) {
            return false;
        }
        canceledAt = now;
        return true;
    }

    /** The job as Replicate would show it at {@code now}. */
    State at(Instant now) {
        Instant stop = firstStop(now);
        Instant effectiveNow = stop != null ? stop : now;
        String status;
        if (stop != null) {
            status = stop.isBefore(startsAt) && deadline != null && stop.equals(deadline) ? "aborted" : "canceled";
        } else if (now.isBefore(startsAt)) {
            status = "starting";
        } else if (now.isBefore(finishesAt())) {
            status = "processing";
        } else {
            status = fails ? "failed" : "succeeded";
        }
        int done = stepsDone(effectiveNow);
        return new State(
                status,
                logs(done, status),
                done,
                stop != null ? stop : "succeeded".equals(status) || "failed".equals(status) ? finishesAt() : null);
    }

    private Instant firstStop(Instant now) {
        Instant stop = null;
        Instant canceled = canceledAt;
        if (canceled != null && !canceled.isAfter(now)) {
            stop = canceled;
        }
        if (deadline != null
                && !deadline.isAfter(now)
                && deadline.isBefore(finishesAt())
                && (stop == null || deadline.isBefore(stop))) {
            stop = deadline;
        }
        return stop;
    }

    private int stepsDone(Instant now) {
        if (now.isBefore(startsAt)) {
            return -1;
        }
        long elapsed = Duration.between(startsAt, now).toNanos();
        return (int) Math.min(steps, elapsed / Math.max(1, stepTime.toNanos()));
    }

    private String logs(int done, String status) {
        if (done < 0) {
            return "";
        }
        StringBuilder logs = new StringBuilder();
        Object seed = input.getOrDefault("seed", Math.abs(id.hashCode() % 100_000));
        logs.append(kind == Kind.TRAINING ? "Preparing training data\n" : "Using seed: " + seed + "\n");
        int every = Math.max(1, steps / 20);
        for (int step = 0; step <= done; step += every) {
            logs.append(tqdm(step));
        }
        if (done % every != 0) {
            logs.append(tqdm(done));
        }
        if ("failed".equals(status)) {
            logs.append("Traceback (most recent call last):\nRuntimeError: simulated failure\n");
        }
        return logs.toString();
    }

    private String tqdm(int step) {
        int percent = (int) (100L * step / steps);
        int bars = percent / 10;
        double elapsed = step * stepTime.toMillis() / 1000.0;
        return String.format(
                java.util.Locale.ROOT,
                "%3d%%|%s%s| %d/%d [%02d:%02d<00:00, %.2fit/s]%n",
                percent,
                "█".repeat(bars),
                " ".repeat(10 - bars),
                step,
                steps,
                (int) elapsed / 60,
                (int) elapsed % 60,
                1000.0 / Math.max(1, stepTime.toMillis()));
    }

    /** Whether a prediction's hour after its end has passed, so its inputs, outputs and logs are gone. */
    boolean dataRemoved(State state, Instant now) {
        return kind == Kind.PREDICTION
                && state.isFinal()
                && state.completedAt() != null
                && !now.isBefore(state.completedAt().plus(DATA_RETENTION));
    }

    /** The JSON object Replicate would return. */
    Map<String, Object> toJson(Instant now) {
        State state = at(now);
        boolean removed = dataRemoved(state, now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("model", model);
        json.put("version", version);
        json.put("input", removed ? Map.of() : input);
        json.put("logs", removed ? null : state.logs());
        json.put("output", removed ? null : output(state));
        json.put("data_removed", removed);
        json.put("error", "failed".equals(state.status()) ? "RuntimeError: simulated failure" : null);
        json.put("status", state.status());
        json.put("source", "api");
        json.put("created_at", createdAt.toString());
        json.put("started_at", state.stepsDone() >= 0 ? startsAt.toString() : null);
        json.put(
                "completed_at",
                state.completedAt() == null ? null : state.completedAt().toString());
        if (destination != null) {
            json.put("destination", destination);
        }
        String self = baseUrl + "/simulator/v1/" + (kind == Kind.TRAINING ? "trainings/" : "predictions/") + id;
        json.put("urls", Map.of("get", self, "cancel", self + "/cancel", "web", baseUrl + "/predictions/" + id));
        if (state.isFinal() && state.stepsDone() >= 0) {
            double seconds = Duration.between(startsAt, state.completedAt()).toMillis() / 1000.0;
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("predict_time", seconds);
            metrics.put(
                    "total_time",
                    Duration.between(createdAt, state.completedAt()).toMillis() / 1000.0);
            json.put("metrics", metrics);
        } else {
            json.put("metrics", Map.of());
        }
        if (webhook != null) {
            json.put("webhook", webhook);
            json.put("webhook_events_filter", webhookEventsFilter);
        }
        return json;
    }

    private Object output(State state) {
        if (!"succeeded".equals(state.status())) {
            return null;
        }
        if (kind == Kind.TRAINING) {
            return Map.of(
                    "version",
                    destination + ":" + trainedVersion,
                    "weights",
                    baseUrl + "/simulator/delivery/" + id + "/weights.tar");
        }
        int count = input.get("num_outputs") instanceof Number n ? n.intValue() : 1;
        String format = SimulatedImages.extensionOf(input);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            urls.add(baseUrl + "/simulator/delivery/" + id + "/out-" + i + "." + format);
        }
        return urls;
    }

    record State(String status, String logs, int stepsDone, Instant completedAt) {
        boolean isFinal() {
            return !"starting".equals(status) && !"processing".equals(status);
        }
    }
}
