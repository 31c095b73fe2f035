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

    private SimulatedJob(Builder builder) {
        this.id = builder.id;
        this.kind = builder.kind;
        this.model = builder.model;
        this.version = builder.version;
        this.input = builder.input;
        this.destination = builder.destination;
        this.webhook = builder.webhook;
        this.webhookEventsFilter = builder.webhookEventsFilter;
        this.createdAt = builder.createdAt;
        this.startsAt = builder.createdAt.plus(builder.startDelay);
        this.stepTime = builder.stepTime;
        this.steps = builder.steps;
        this.deadline = builder.cancelAfter == null ? null : builder.createdAt.plus(builder.cancelAfter);
        this.fails = builder.fails;
        this.baseUrl = builder.baseUrl;
        this.trainedVersion = builder.trainedVersion;
    }

    static Builder builder(Kind kind, String id, Instant createdAt) {
        return new Builder(kind, id, createdAt);
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
                JobLogs.render(this, done, status),
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
        json.put("metrics", metrics(state));
        if (webhook != null) {
            json.put("webhook", webhook);
            json.put("webhook_events_filter", webhookEventsFilter);
        }
        return json;
    }

    private Map<String, Object> metrics(State state) {
        if (!state.isFinal() || state.stepsDone() < 0) {
            return Map.of();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(
                "predict_time", Duration.between(startsAt, state.completedAt()).toMillis() / 1000.0);
        metrics.put(
                "total_time", Duration.between(createdAt, state.completedAt()).toMillis() / 1000.0);
        return metrics;
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

    /** Collects what a job is made of; the clock's start, step time and steps come from its model's timing. */
    static final class Builder {
        private final Kind kind;
        private final String id;
        private final Instant createdAt;
        private String model;
        private String version;
        private Map<String, Object> input = Map.of();
        private String destination;
        private String trainedVersion;
        private String webhook;
        private List<String> webhookEventsFilter;
        private Duration startDelay = Duration.ZERO;
        private Duration stepTime = Duration.ofMillis(1);
        private int steps = 1;
        private Duration cancelAfter;
        private boolean fails;
        private String baseUrl = "";

        private Builder(Kind kind, String id, Instant createdAt) {
            this.kind = kind;
            this.id = id;
            this.createdAt = createdAt;
        }

        Builder model(String model, String version) {
            this.model = model;
            this.version = version;
            return this;
        }

        Builder input(Map<String, Object> input) {
            this.input = input;
            return this;
        }

        /** A training's destination model and the version it publishes there when it succeeds. */
        Builder trains(String destination, String trainedVersion) {
            this.destination = destination;
            this.trainedVersion = trainedVersion;
            return this;
        }

        Builder webhook(String url, List<String> eventsFilter) {
            this.webhook = url;
            this.webhookEventsFilter = eventsFilter;
            return this;
        }

        /** @param timing already scaled to the simulator's time */
        Builder timing(ModelTiming timing, int steps) {
            this.startDelay = timing.startDelay();
            this.stepTime = timing.stepTime();
            this.steps = Math.max(1, steps);
            return this;
        }

        /** Counted from creation, in real time like Replicate's {@code Cancel-After}; null for none. */
        Builder cancelAfter(Duration cancelAfter) {
            this.cancelAfter = cancelAfter;
            return this;
        }

        Builder fails(boolean fails) {
            this.fails = fails;
            return this;
        }

        Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        SimulatedJob build() {
            return new SimulatedJob(this);
        }
    }
}
