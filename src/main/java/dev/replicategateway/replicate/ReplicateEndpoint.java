package dev.replicategateway.replicate;

import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import okhttp3.HttpUrl;

/**
 * Every Replicate endpoint this service calls, described once: method, path template, whether a repeat
 * is safe ({@link CallKind}), and which of Replicate's two limits it spends. The path template is also
 * the endpoint's name in metrics.
 */
enum ReplicateEndpoint {
    CREATE_PREDICTION("POST", "/predictions", CallKind.CREATE, UpstreamBudget.PREDICTION_CREATES),
    CREATE_MODEL_PREDICTION(
            "POST", "/models/{owner}/{name}/predictions", CallKind.CREATE, UpstreamBudget.PREDICTION_CREATES),
    CREATE_DEPLOYMENT_PREDICTION(
            "POST", "/deployments/{owner}/{name}/predictions", CallKind.CREATE, UpstreamBudget.PREDICTION_CREATES),
    GET_PREDICTION("GET", "/predictions/{id}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    CANCEL_PREDICTION("POST", "/predictions/{id}/cancel", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    LIST_PREDICTIONS("GET", "/predictions", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    CREATE_TRAINING(
            "POST",
            "/models/{owner}/{name}/versions/{version}/trainings",
            CallKind.CREATE,
            UpstreamBudget.EVERYTHING_ELSE),
    GET_TRAINING("GET", "/trainings/{id}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    CANCEL_TRAINING("POST", "/trainings/{id}/cancel", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    LIST_TRAININGS("GET", "/trainings", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    GET_MODEL("GET", "/models/{owner}/{name}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    GET_MODEL_VERSION(
            "GET", "/models/{owner}/{name}/versions/{version}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    CREATE_MODEL("POST", "/models", CallKind.CREATE, UpstreamBudget.EVERYTHING_ELSE),
    GET_DEPLOYMENT("GET", "/deployments/{owner}/{name}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    UPLOAD_FILE("POST", "/files", CallKind.CREATE, UpstreamBudget.EVERYTHING_ELSE),
    DELETE_FILE("DELETE", "/files/{id}", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE),
    GET_WEBHOOK_SECRET("GET", "/webhooks/default/secret", CallKind.SAFE, UpstreamBudget.EVERYTHING_ELSE);

    final String method;
    final String path;
    final CallKind kind;
    final UpstreamBudget budget;

    ReplicateEndpoint(String method, String path, CallKind kind, UpstreamBudget budget) {
        this.method = method;
        this.path = path;
        this.kind = kind;
        this.budget = budget;
    }

    /** {@code "POST /predictions"}: how metrics and messages name the endpoint (no ids, so a bounded set). */
    String label() {
        return method + " " + path;
    }

    /** The URL of this endpoint under {@code base}, its {@code {placeholders}} filled in order by {@code args}. */
    HttpUrl url(HttpUrl base, String... args) {
        HttpUrl.Builder url = base.newBuilder();
        int next = 0;
        for (String segment : path.substring(1).split("/")) {
            if (segment.startsWith("{")) {
                if (next >= args.length) {
                    throw new IllegalArgumentException(label() + " needs " + (next + 1) + " arguments");
                }
                url.addPathSegment(args[next++]);
            } else {
                url.addPathSegment(segment);
            }
        }
        if (next != args.length) {
            throw new IllegalArgumentException(label() + " takes " + next + " arguments");
        }
        return url.build();
    }
}
