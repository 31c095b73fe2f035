package dev.replicategateway.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Typed client of Replicate's HTTP API. Every call spends the matching rate-limit budget and is retried
 * according to {@link ReplicateRetryRules}; failures surface as {@link ReplicateException} subclasses.
 */
public class ReplicateClient {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final UpstreamTarget target;
    private final UpstreamRateLimiter limiter;
    private final UpstreamCallMonitor monitor;
    private final Clock clock;
    private final Retry safeRetry;
    private final Retry createRetry;

    public ReplicateClient(
            OkHttpClient http,
            ObjectMapper json,
            ReplicateProperties properties,
            UpstreamTarget target,
            UpstreamRateLimiter limiter,
            UpstreamCallMonitor monitor,
            RetryRegistry retries,
            Clock clock) {
        this.http = http;
        this.json = json;
        this.target = target;
        this.limiter = limiter;
        this.monitor = monitor;
        this.clock = clock;
        this.safeRetry = retries.retry("replicate-safe", ReplicateRetryRules.config(CallKind.SAFE, properties.retry()));
        this.createRetry =
                retries.retry("replicate-create", ReplicateRetryRules.config(CallKind.CREATE, properties.retry()));
        safeRetry.getEventPublisher().onRetry(event -> monitor.retried("safe"));
        createRetry.getEventPublisher().onRetry(event -> monitor.retried("create"));
    }

    // ---- predictions -------------------------------------------------------------------------------

    /** Creates a prediction by the route {@code model} calls for. */
    public ReplicatePrediction createPrediction(ModelRef model, Map<String, Object> input, CreateOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        HttpUrl url;
        String endpoint;
        if (model instanceof ModelRef.OfficialModel official) {
            url = url("models", official.owner(), official.name(), "predictions");
            endpoint = "POST /models/{owner}/{name}/predictions";
        } else if (model instanceof ModelRef.Deployment deployment) {
            url = url("deployments", deployment.owner(), deployment.name(), "predictions");
            endpoint = "POST /deployments/{owner}/{name}/predictions";
        } else {
            ModelRef.ModelVersion version = (ModelRef.ModelVersion) model;
            url = url("predictions");
            endpoint = "POST /predictions";
            body.put("version", version.versionId());
        }
        body.put("input", input);
        addWebhook(body, options);
        return call(
                CallKind.CREATE,
                UpstreamBudget.CREATES,
                endpoint,
                ReplicatePrediction.class,
                () -> post(url, body, options));
    }

    public ReplicatePrediction getPrediction(String id) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /predictions/{id}",
                ReplicatePrediction.class,
                () -> get(url("predictions", id)));
    }

    public ReplicatePrediction cancelPrediction(String id) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "POST /predictions/{id}/cancel",
                ReplicatePrediction.class,
                () -> post(url("predictions", id, "cancel"), null, CreateOptions.NONE));
    }

    /**
     * One page of the account's predictions, newest first.
     *
     * @param cursor null for the first page, else the {@code next} URL (or bare cursor) of the previous page
     */
    public PredictionPage listPredictions(String cursor) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /predictions",
                PredictionPage.class,
                () -> get(withCursor(url("predictions"), cursor)));
    }

    // ---- trainings ---------------------------------------------------------------------------------

    /** Starts a training of trainer version {@code trainer} into model {@code destination} ({@code owner/name}). */
    public ReplicatePrediction createTraining(
            ModelRef.ModelVersion trainer, String destination, Map<String, Object> input, CreateOptions options) {
        if (trainer.owner() == null) {
            throw new IllegalArgumentException("a trainer needs owner/name:version");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("destination", destination);
        body.put("input", input);
        addWebhook(body, options);
        HttpUrl url = url("models", trainer.owner(), trainer.name(), "versions", trainer.versionId(), "trainings");
        return call(
                CallKind.CREATE,
                UpstreamBudget.CREATES,
                "POST /models/{owner}/{name}/versions/{version}/trainings",
                ReplicatePrediction.class,
                () -> post(url, body, options));
    }

    public ReplicatePrediction getTraining(String id) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /trainings/{id}",
                ReplicatePrediction.class,
                () -> get(url("trainings", id)));
    }

    public ReplicatePrediction cancelTraining(String id) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "POST /trainings/{id}/cancel",
                ReplicatePrediction.class,
                () -> post(url("trainings", id, "cancel"), null, CreateOptions.NONE));
    }

    public PredictionPage listTrainings(String cursor) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /trainings",
                PredictionPage.class,
                () -> get(withCursor(url("trainings"), cursor)));
    }

    // ---- models, files, webhook secret -------------------------------------------------------------

    public ReplicateModel getModel(String owner, String name) {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /models/{owner}/{name}",
                ReplicateModel.class,
                () -> get(url("models", owner, name)));
    }

    public ReplicateModel createModel(CreateModelRequest request) {
        return call(
                CallKind.CREATE,
                UpstreamBudget.READS,
                "POST /models",
                ReplicateModel.class,
                () -> post(url("models"), request, CreateOptions.NONE));
    }

    /** Uploads a file through the Files API; its {@link UploadedFile#getUrl()} can then be used as an input. */
    public UploadedFile uploadFile(String filename, String contentType, byte[] content) {
        RequestBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("content", filename, RequestBody.create(content, MediaType.get(contentType)))
                .build();
        return call(
                CallKind.CREATE, UpstreamBudget.READS, "POST /files", UploadedFile.class, () -> authorized(url("files"))
                        .post(body)
                        .build());
    }

    public WebhookSigningSecret getDefaultWebhookSecret() {
        return call(
                CallKind.SAFE,
                UpstreamBudget.READS,
                "GET /webhooks/default/secret",
                WebhookSigningSecret.class,
                () -> get(url("webhooks", "default", "secret")));
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private <T> T call(
            CallKind kind, UpstreamBudget budget, String endpoint, Class<T> type, Supplier<Request> request) {
        Retry retry = kind == CallKind.SAFE ? safeRetry : createRetry;
        return retry.executeSupplier(() -> once(budget, endpoint, type, request.get()));
    }

    private <T> T once(UpstreamBudget budget, String endpoint, Class<T> type, Request request) {
        try {
            limiter.acquire(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplicateUnavailableException(0, "Interrupted before calling Replicate", false, e);
        }
        SendTracker tracker = new SendTracker();
        Request tracked = request.newBuilder().tag(SendTracker.class, tracker).build();
        long start = System.nanoTime();
        OkHttpClient client = http;
        String wait = tracked.header("Prefer");
        if (wait != null && wait.startsWith("wait=")) {
            client = http.newBuilder()
                    .readTimeout(
                            http.readTimeoutMillis() + Long.parseLong(wait.substring(5)) * 1000L,
                            java.util.concurrent.TimeUnit.MILLISECONDS)
                    .build();
        }
        try (Response response = client.newCall(tracked).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (response.isSuccessful()) {
                T result = json.readValue(text, type);
                monitor.record(endpoint, "2xx", true, System.nanoTime() - start);
                return result;
            }
            ReplicateException failure = errorFor(response, text);
            monitor.record(
                    endpoint, String.valueOf(response.code()), failure.status() < 500, System.nanoTime() - start);
            if (failure instanceof ReplicateThrottledException throttled) {
                limiter.pause(budget, throttled.retryAfter() == null ? Duration.ofSeconds(1) : throttled.retryAfter());
            }
            throw failure;
        } catch (JsonProcessingException e) {
            monitor.record(endpoint, "unparsable", false, System.nanoTime() - start);
            throw new ReplicateUnavailableException(
                    0, "Replicate answered " + endpoint + " with an unreadable body", true, e);
        } catch (IOException e) {
            monitor.record(endpoint, e.getClass().getSimpleName(), false, System.nanoTime() - start);
            throw new ReplicateUnavailableException(
                    0,
                    "Replicate unreachable on " + endpoint + ": " + e.getClass().getSimpleName()
                            + (tracker.sent() ? " after the request was sent" : " before the request was sent"),
                    tracker.sent(),
                    e);
        }
    }

    private ReplicateException errorFor(Response response, String text) {
        int status = response.code();
        String detail = "HTTP " + status;
        List<Map<String, Object>> invalidFields = List.of();
        try {
            JsonNode problem = json.readTree(text);
            if (problem != null && problem.isObject()) {
                String title = problem.path("title").asText(null);
                detail = problem.path("detail").asText(title == null ? detail : title);
                if (problem.path("invalid_fields").isArray()) {
                    invalidFields = new ArrayList<>();
                    for (JsonNode field : problem.path("invalid_fields")) {
                        invalidFields.add(json.convertValue(field, Map.class));
                    }
                }
            }
        } catch (JsonProcessingException notJson) {
            // Proxies in front of Replicate answer HTML; the status alone then says what happened.
        }
        return switch (status) {
            case 401, 403 -> new ReplicateUnauthorizedException(status, detail);
            case 404 -> new ReplicateNotFoundException(detail);
            case 422 -> new ReplicateInvalidInputException(status, detail, invalidFields);
            case 429 ->
                new ReplicateThrottledException(
                        detail, RetryAfter.parse(response.header("Retry-After"), detail, clock));
            default -> {
                if (status >= 500) {
                    yield new ReplicateUnavailableException(
                            status, "Replicate answered " + status + ": " + detail, true, null);
                }
                if (status == 400 && !invalidFields.isEmpty()) {
                    yield new ReplicateInvalidInputException(status, detail, invalidFields);
                }
                yield new ReplicateRequestException(status, detail);
            }
        };
    }

    private void addWebhook(Map<String, Object> body, CreateOptions options) {
        if (options.webhook() != null) {
            body.put("webhook", options.webhook());
            if (options.webhookEventsFilter() != null) {
                body.put("webhook_events_filter", options.webhookEventsFilter());
            }
        }
    }

    private Request get(HttpUrl url) {
        return authorized(url).get().build();
    }

    private Request post(HttpUrl url, Object body, CreateOptions options) {
        Request.Builder builder = authorized(url);
        if (options.preferWait() != null) {
            builder.header("Prefer", "wait=" + options.preferWait().toSeconds());
        }
        if (options.cancelAfter() != null) {
            builder.header("Cancel-After", Math.max(1, options.cancelAfter().toSeconds()) + "s");
        }
        try {
            byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
            return builder.post(RequestBody.create(bytes, JSON)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the request to Replicate", e);
        }
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + target.token())
                .header("Accept", "application/json")
                .header("User-Agent", "replicate-gateway");
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder builder = target.baseUrl().newBuilder();
        for (String segment : segments) {
            builder.addPathSegment(segment);
        }
        return builder.build();
    }

    /** Takes only the cursor from a {@code next} URL, so a page can never send our token to another host. */
    private HttpUrl withCursor(HttpUrl url, String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return url;
        }
        HttpUrl next = HttpUrl.parse(cursor);
        String value = next == null ? cursor : next.queryParameter("cursor");
        return value == null
                ? url
                : url.newBuilder().addQueryParameter("cursor", value).build();
    }
}
