package dev.replicategateway.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A job as Replicate's API and webhooks show it, at a given moment. */
final class JobJson {

    private JobJson() {}

    static Map<String, Object> of(SimulatedJob job, Instant now) {
        SimulatedJob.State state = job.at(now);
        boolean removed = job.dataRemoved(state, now);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id);
        json.put("model", job.model);
        json.put("version", job.version);
        json.put("input", removed ? Map.of() : job.input);
        json.put("logs", removed ? null : state.logs());
        json.put("output", removed ? null : output(job, state));
        json.put("data_removed", removed);
        json.put("error", "failed".equals(state.status()) ? "RuntimeError: simulated failure" : null);
        json.put("status", state.status());
        json.put("source", "api");
        json.put("created_at", job.createdAt.toString());
        json.put("started_at", state.stepsDone() >= 0 ? job.startsAt.toString() : null);
        json.put(
                "completed_at",
                state.completedAt() == null ? null : state.completedAt().toString());
        if (job.destination != null) {
            json.put("destination", job.destination);
        }
        String self = job.baseUrl + "/simulator/v1/"
                + (job.kind == SimulatedJob.Kind.TRAINING ? "trainings/" : "predictions/") + job.id;
        json.put(
                "urls", Map.of("get", self, "cancel", self + "/cancel", "web", job.baseUrl + "/predictions/" + job.id));
        json.put("metrics", metrics(job, state));
        if (job.webhook != null) {
            json.put("webhook", job.webhook);
            json.put("webhook_events_filter", job.webhookEventsFilter);
        }
        return json;
    }

    private static Map<String, Object> metrics(SimulatedJob job, SimulatedJob.State state) {
        if (!state.isFinal() || state.stepsDone() < 0) {
            return Map.of();
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(
                "predict_time",
                Duration.between(job.startsAt, state.completedAt()).toMillis() / 1000.0);
        metrics.put(
                "total_time",
                Duration.between(job.createdAt, state.completedAt()).toMillis() / 1000.0);
        if (job.kind == SimulatedJob.Kind.PREDICTION && "succeeded".equals(state.status())) {
            // Image models are billed per image; Replicate reports how many were made.
            metrics.put("image_count", job.outputs.count());
        }
        return metrics;
    }

    private static Object output(SimulatedJob job, SimulatedJob.State state) {
        if (!"succeeded".equals(state.status())) {
            return null;
        }
        if (job.kind == SimulatedJob.Kind.TRAINING) {
            return Map.of(
                    "version",
                    job.destination + ":" + job.trainedVersion,
                    "weights",
                    job.baseUrl + "/simulator/delivery/" + job.id + "/weights.tar");
        }
        return job.outputs.urls(job.baseUrl, job.id);
    }
}
