package dev.replicategateway.replicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.replicate.ReplicateRetryRules.CallKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Replicate's HTTP API as typed calls, on OkHttp: every call spends its rate-limit budget (Bucket4j,
 * {@link UpstreamRateLimiter}), passes the circuit breaker, is retried as {@link ReplicateRetryRules}
 * decide (Resilience4j), and fails as a {@link ReplicateException} subclass. Endpoints are described
 * once, in {@link ReplicateEndpoint}.
 *
 * <p>The submitter and the poller use {@link #withoutRetries()}: they are durable loops, so their next
 * round is the retry, and no call of theirs can outlive the lease it runs under.
 */
public class ReplicateService {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final UpstreamTarget target;
    private final UpstreamRateLimiter limiter;
    private final UpstreamCallMonitor monitor;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final Retry safeRetry;
    private final Retry createRetry;

    ReplicateService(
            OkHttpClient http,
            ObjectMapper json,
            UpstreamTarget target,
            UpstreamRateLimiter limiter,
            UpstreamCallMonitor monitor,
            CircuitBreaker breaker,
            Retry safeRetry,
            Retry createRetry,
            Clock clock) {
        this.http = http;
        this.json = json;
        this.target = target;
        this.limiter = limiter;
        this.monitor = monitor;
        this.breaker = breaker;
        this.safeRetry = safeRetry;
        this.createRetry = createRetry;
        this.clock = clock;
    }

    /** The same service, each call made once: the caller reschedules failures itself. */
    public ReplicateService withoutRetries() {
        return new ReplicateService(http, json, target, limiter, monitor, breaker, null, null, clock);
    }

    /** Whether calls may be made now; false while the circuit breaker is open after an outage. */
    public boolean isAvailable() {
        CircuitBreaker.State state = breaker.getState();
        return state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
    }

    /** The circuit breaker's state, for health and for rounds that decide whether to start. */
    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    // ---- predictions -------------------------------------------------------------------------------

    /** Creates a prediction by the route {@code model} calls for. */
    public ReplicatePrediction createPrediction(ModelRef model, Map<String, Object> input, CreateOptions options) {
        Map<String, Object> body = new LinkedHashMap<>();
        HttpUrl url;
        ReplicateEndpoint endpoint;
        if (model instanceof ModelRef.OfficialModel official) {
            endpoint = ReplicateEndpoint.CREATE_MODEL_PREDICTION;
            url = endpoint.url(base(), official.owner(), official.name());
        } else if (model instanceof ModelRef.Deployment deployment) {
            endpoint = ReplicateEndpoint.CREATE_DEPLOYMENT_PREDICTION;
            url = endpoint.url(base(), deployment.owner(), deployment.name());
        } else {
            endpoint = ReplicateEndpoint.CREATE_PREDICTION;
            url = endpoint.url(base());
            body.put("version", ((ModelRef.ModelVersion) model).versionId());
        }
        body.put("input", input);
        addWebhook(body, options);
        return call(endpoint, url, jsonBody(body), options, ReplicatePrediction.class);
    }

    public ReplicatePrediction getPrediction(String id) {
        return getPrediction(id, null);
    }

    /** @param timeout the most the call may take in all, or null for the client's own timeouts */
    public ReplicatePrediction getPrediction(String id, Duration timeout) {
        return get(ReplicateEndpoint.GET_PREDICTION, ReplicatePrediction.class, timeout, id);
    }

    public ReplicatePrediction cancelPrediction(String id) {
        return cancelPrediction(id, null);
    }

    public ReplicatePrediction cancelPrediction(String id, Duration timeout) {
        ReplicateEndpoint endpoint = ReplicateEndpoint.CANCEL_PREDICTION;
        return call(endpoint, endpoint.url(base(), id), jsonBody(null), within(timeout), ReplicatePrediction.class);
    }

    /**
     * One page of the account's predictions, newest first.
     *
     * @param cursor null for the first page, else the {@code next} URL (or bare cursor) of the previous page
     */
    public PredictionPage listPredictions(String cursor) {
        return listPredictions(ListWindow.ALL, cursor, null);
    }

    /** One page of the predictions created within {@code window}, newest first. */
    public PredictionPage listPredictions(ListWindow window, String cursor, Duration timeout) {
        return list(ReplicateEndpoint.LIST_PREDICTIONS, window, cursor, timeout);
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
        ReplicateEndpoint endpoint = ReplicateEndpoint.CREATE_TRAINING;
        HttpUrl url = endpoint.url(base(), trainer.owner(), trainer.name(), trainer.versionId());
        return call(endpoint, url, jsonBody(body), options, ReplicatePrediction.class);
    }

    public ReplicatePrediction getTraining(String id) {
        return getTraining(id, null);
    }

    public ReplicatePrediction getTraining(String id, Duration timeout) {
        return get(ReplicateEndpoint.GET_TRAINING, ReplicatePrediction.class, timeout, id);
    }

    public ReplicatePrediction cancelTraining(String id) {
        return cancelTraining(id, null);
    }

    public ReplicatePrediction cancelTraining(String id, Duration timeout) {
        ReplicateEndpoint endpoint = ReplicateEndpoint.CANCEL_TRAINING;
        return call(endpoint, endpoint.url(base(), id), jsonBody(null), within(timeout), ReplicatePrediction.class);
    }

    public PredictionPage listTrainings(String cursor) {
        return listTrainings(ListWindow.ALL, cursor, null);
    }

    /** Trainings newest first; Replicate's trainings list ignores the window, so callers also check dates. */
    public PredictionPage listTrainings(ListWindow window, String cursor, Duration timeout) {
        return list(ReplicateEndpoint.LIST_TRAININGS, window, cursor, timeout);
    }

    // ---- models, deployments, files, webhook secret ------------------------------------------------

    public ReplicateModel getModel(String owner, String name) {
        return get(ReplicateEndpoint.GET_MODEL, ReplicateModel.class, null, owner, name);
    }

    public ReplicateModel.Version getModelVersion(String owner, String name, String version) {
        return get(ReplicateEndpoint.GET_MODEL_VERSION, ReplicateModel.Version.class, null, owner, name, version);
    }

    public ReplicateModel createModel(CreateModelRequest request) {
        ReplicateEndpoint endpoint = ReplicateEndpoint.CREATE_MODEL;
        return call(endpoint, endpoint.url(base()), jsonBody(request), CreateOptions.NONE, ReplicateModel.class);
    }

    public ReplicateDeployment getDeployment(String owner, String name) {
        return get(ReplicateEndpoint.GET_DEPLOYMENT, ReplicateDeployment.class, null, owner, name);
    }

    /** Uploads a file through the Files API; its {@link UploadedFile#getUrl()} can then be used as an input. */
    public UploadedFile uploadFile(String filename, String contentType, byte[] content) {
        return upload(filename, RequestBody.create(content, MediaType.get(contentType)));
    }

    /** Like {@link #uploadFile(String, String, byte[])}, streaming the content from disk. */
    public UploadedFile uploadFile(String filename, String contentType, Path content) {
        return upload(filename, RequestBody.create(content.toFile(), MediaType.get(contentType)));
    }

    /** Deletes an uploaded file; one already gone counts as deleted. */
    public void deleteFile(String id) {
        ReplicateEndpoint endpoint = ReplicateEndpoint.DELETE_FILE;
        try {
            call(endpoint, endpoint.url(base(), id), null, CreateOptions.NONE, Void.class);
        } catch (ReplicateNotFoundException gone) {
            // already deleted, or expired
        }
    }

    public WebhookSigningSecret getDefaultWebhookSecret() {
        return get(ReplicateEndpoint.GET_WEBHOOK_SECRET, WebhookSigningSecret.class, null);
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private UploadedFile upload(String filename, RequestBody content) {
        RequestBody body = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("content", filename, content)
                .addFormDataPart("filename", filename)
                .build();
        ReplicateEndpoint endpoint = ReplicateEndpoint.UPLOAD_FILE;
        return call(endpoint, endpoint.url(base()), body, CreateOptions.NONE, UploadedFile.class);
    }

    private <T> T get(ReplicateEndpoint endpoint, Class<T> type, Duration timeout, String... args) {
        return call(endpoint, endpoint.url(base(), args), null, within(timeout), type);
    }

    private static CreateOptions within(Duration timeout) {
        if (timeout == null) {
            return CreateOptions.NONE;
        }
        Duration bounded = timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
        return new CreateOptions(null, null, null, null, bounded, false);
    }

    private PredictionPage list(ReplicateEndpoint endpoint, ListWindow window, String cursor, Duration timeout) {
        HttpUrl.Builder url = endpoint.url(base()).newBuilder();
        if (window.createdAfter() != null) {
            url.addQueryParameter("created_after", window.createdAfter().toString());
        }
        if (window.createdBefore() != null) {
            url.addQueryParameter("created_before", window.createdBefore().toString());
        }
        String value = cursorOf(cursor);
        if (value != null) {
            url.addQueryParameter("cursor", value);
        }
        return call(endpoint, url.build(), null, within(timeout), PredictionPage.class);
    }

    private <T> T call(
            ReplicateEndpoint endpoint, HttpUrl url, RequestBody body, CreateOptions options, Class<T> type) {
        Retry retry = endpoint.kind == CallKind.SAFE ? safeRetry : createRetry;
        if (retry == null) {
            return once(endpoint, url, body, options, type);
        }
        return retry.executeSupplier(() -> once(endpoint, url, body, options, type));
    }

    private <T> T once(
            ReplicateEndpoint endpoint, HttpUrl url, RequestBody body, CreateOptions options, Class<T> type) {
        if (!breaker.tryAcquirePermission()) {
            monitor.record(endpoint.label(), "circuit_open", false, 0);
            throw new ReplicateCircuitOpenException();
        }
        if (!options.budgetTaken()) {
            takeBudget(endpoint);
        }
        Request request = request(endpoint, url, body, options);
        SendTracker tracker = request.tag(SendTracker.class);
        long start = System.nanoTime();
        Call call = clientFor(options).newCall(request);
        if (options.callTimeout() != null) {
            call.timeout().timeout(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        try (Response response = call.execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            long nanos = System.nanoTime() - start;
            if (response.isSuccessful()) {
                T result = type == Void.class ? null : json.readValue(text, type);
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                monitor.record(endpoint.label(), "2xx", true, nanos);
                return result;
            }
            ReplicateException failure = errorFor(response, text);
            if (failure.status() >= 500) {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
            } else if (failure instanceof ReplicateThrottledException) {
                breaker.releasePermission();
            } else {
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }
            monitor.record(endpoint.label(), String.valueOf(response.code()), failure.status() < 500, nanos);
            if (failure instanceof ReplicateThrottledException throttled) {
                limiter.pause(
                        endpoint.budget,
                        throttled.retryAfter() == null ? Duration.ofSeconds(1) : throttled.retryAfter());
            }
            throw failure;
        } catch (JsonProcessingException e) {
            long nanos = System.nanoTime() - start;
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            monitor.record(endpoint.label(), "unparsable", false, nanos);
            throw new ReplicateUnavailableException(
                    0, "Replicate answered " + endpoint.label() + " with an unreadable body", true, e);
        } catch (IOException e) {
            long nanos = System.nanoTime() - start;
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            monitor.record(endpoint.label(), e.getClass().getSimpleName(), false, nanos);
            throw new ReplicateUnavailableException(
                    0,
                    "Replicate unreachable on " + endpoint.label() + ": "
                            + e.getClass().getSimpleName()
                            + (tracker.sent() ? " after the request was sent" : " before the request was sent"),
                    tracker.sent(),
                    e);
        }
    }

    private void takeBudget(ReplicateEndpoint endpoint) {
        boolean taken;
        try {
            taken = limiter.acquire(endpoint.budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw new ReplicateUnavailableException(0, "Interrupted before calling Replicate", false, e);
        }
        if (!taken) {
            breaker.releasePermission();
            throw new UpstreamBudgetExhaustedException(endpoint.budget);
        }
    }

    private Request request(ReplicateEndpoint endpoint, HttpUrl url, RequestBody body, CreateOptions options) {
        Request.Builder builder = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + target.token())
                .header("Accept", "application/json")
                .header("User-Agent", "replicate-gateway")
                .tag(SendTracker.class, new SendTracker());
        if (options.preferWait() != null) {
            builder.header("Prefer", "wait=" + options.preferWait().toSeconds());
        }
        if (options.cancelAfter() != null) {
            builder.header("Cancel-After", Math.max(1, options.cancelAfter().toSeconds()) + "s");
        }
        return builder.method(endpoint.method, body).build();
    }

    /** A create holding the connection for {@code Prefer: wait} reads that much longer. */
    private OkHttpClient clientFor(CreateOptions options) {
        if (options.preferWait() == null) {
            return http;
        }
        return http.newBuilder()
                .readTimeout(http.readTimeoutMillis() + options.preferWait().toMillis(), TimeUnit.MILLISECONDS)
                .build();
    }

    private ReplicateException errorFor(Response response, String text) {
        int status = response.code();
        String detail = "HTTP " + status;
        List<Map<String, Object>> invalidFields = List.of();
        Double retryAfter = null;
        try {
            JsonNode problem = json.readTree(text);
            if (problem != null && problem.isObject()) {
                String title = problem.path("title").asText(null);
                detail = problem.path("detail").asText(title == null ? detail : title);
                retryAfter = problem.path("retry_after").isNumber()
                        ? problem.path("retry_after").asDouble()
                        : null;
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
                        detail, RetryAfter.parse(response.header("Retry-After"), retryAfter, detail, clock));
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

    private RequestBody jsonBody(Object body) {
        try {
            byte[] bytes = body == null ? new byte[0] : json.writeValueAsBytes(body);
            return RequestBody.create(bytes, JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise the request to Replicate", e);
        }
    }

    private static void addWebhook(Map<String, Object> body, CreateOptions options) {
        if (options.webhook() != null) {
            body.put("webhook", options.webhook());
            if (options.webhookEventsFilter() != null) {
                body.put("webhook_events_filter", options.webhookEventsFilter());
            }
        }
    }

    private HttpUrl base() {
        return target.baseUrl();
    }

    /** Takes only the cursor from a {@code next} URL, so a page can never send our token to another host. */
    private static String cursorOf(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        HttpUrl next = HttpUrl.parse(cursor);
        return next == null ? cursor : next.queryParameter("cursor");
    }

    /**
     * Which creations a list call covers: Replicate's {@code created_after} / {@code created_before}
     * filters, either end open when null.
     */
    public record ListWindow(Instant createdAfter, Instant createdBefore) {
        public static final ListWindow ALL = new ListWindow(null, null);
    }
}
