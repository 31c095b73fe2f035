package dev.replicategateway.simulator;

import java.time.Duration;
import java.time.Instant;
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
    final OutputPlan outputs;
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
        this.outputs = builder.outputs;
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
        return JobJson.of(this, now);
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
        private OutputPlan outputs = new OutputPlan(true, 1, "png");
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

        /** A prediction's outputs once it succeeds. */
        Builder outputs(OutputPlan outputs) {
            this.outputs = outputs;
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
