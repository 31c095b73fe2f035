package dev.replicategateway.callerwebhook;

import dev.replicategateway.common.Backoff;
import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.common.StandardWebhooks;
import dev.replicategateway.prediction.KeptOutputs;
import dev.replicategateway.prediction.OutputUrls;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.PredictionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox rows: leases a batch (any instance may; a row is held by one), renders and
 * freezes each body at its first attempt, signs it with the owner's secret and POSTs it, no redirects
 * followed, within a timeout. A failure is retried with exponential backoff under the same message id
 * until {@code give-up-after}; then the row is dead: kept, shown on the prediction and counted.
 */
@Component
class OutboxDeliverer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxDeliverer.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Duration BUSY_RETRY = Duration.ofSeconds(1);
    private static final Duration KEEPING_RETRY = Duration.ofSeconds(2);

    private final Outbox outbox;
    private final WebhookSubscriptions subscriptions;
    private final CallerWebhookSecrets secrets;
    private final PredictionQueries queries;
    private final List<WebhookBody> bodies;
    private final OptionalBean<KeptOutputs> keptOutputs;
    private final CallerWebhookProperties properties;
    private final Backoff backoff;
    private final OkHttpClient http;
    private final ExecutorService workers;
    private final Map<String, Semaphore> perDestination = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Timer latency;
    private final Clock clock;

    OutboxDeliverer(
            Outbox outbox,
            WebhookSubscriptions subscriptions,
            CallerWebhookSecrets secrets,
            PredictionQueries queries,
            List<WebhookBody> bodies,
            ObjectProvider<KeptOutputs> keptOutputs,
            CallerWebhookProperties properties,
            WebhookTargets targets,
            MeterRegistry meters,
            Clock clock) {
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.secrets = secrets;
        this.queries = queries;
        this.bodies = bodies;
        this.keptOutputs = OptionalBean.of(keptOutputs);
        this.properties = properties;
        this.backoff = new Backoff(properties.firstRetry(), properties.retryMultiplier(), properties.maxRetryDelay());
        this.http = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectTimeout(properties.timeout())
                .callTimeout(properties.timeout())
                .dns(targets.dns())
                .build();
        this.workers = Executors.newFixedThreadPool(properties.workers(), runnable -> {
            Thread thread = new Thread(runnable, "caller-webhooks");
            thread.setDaemon(true);
            return thread;
        });
        this.meters = meters;
        this.latency = Timer.builder("gateway.caller_webhooks.latency")
                .description("From the event to its delivery")
                .register(meters);
        this.clock = clock;
        Gauge.builder("gateway.caller_webhooks.pending", outbox, o -> o.count(OutboxEntry.State.PENDING))
                .register(meters);
        Gauge.builder("gateway.caller_webhooks.dead", outbox, o -> o.count(OutboxEntry.State.DEAD))
                .register(meters);
    }

    /** Delivers what is due now; returns how many rows it tried. */
    int deliverDue() {
        Instant now = now();
        Instant until = now.plus(properties.timeout().multipliedBy(2)).plusSeconds(10);
        List<OutboxEntry> due = outbox.lease(OutboxIds.leaseToken(), now, until, properties.workers() * 2);
        List<Future<?>> running = new ArrayList<>();
        for (OutboxEntry entry : due) {
            running.add(workers.submit(() -> attempt(entry)));
        }
        for (Future<?> attempt : running) {
            try {
                attempt.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return due.size();
            } catch (ExecutionException e) {
                log.error("A webhook delivery failed unexpectedly; it is tried again later", e.getCause());
            }
        }
        return due.size();
    }

    private void attempt(OutboxEntry entry) {
        Semaphore slot =
                perDestination.computeIfAbsent(hostOf(entry.url()), host -> new Semaphore(properties.perDestination()));
        if (!slot.tryAcquire()) {
            outbox.postpone(entry, now().plus(BUSY_RETRY));
            count("postponed");
            return;
        }
        try {
            Optional<String> body = entry.body() != null ? Optional.of(entry.body()) : rendered(entry);
            if (body.isPresent()) {
                send(entry, body.get());
            }
        } finally {
            slot.release();
        }
    }

    /** The body of a first attempt, frozen for the retries; empty when it is not to be sent now. */
    private Optional<String> rendered(OutboxEntry entry) {
        Instant now = now();
        Optional<Prediction> found = queries.findById(entry.predictionId());
        Optional<WebhookSubscription> subscription = subscriptions.find(entry.predictionId());
        if (found.isEmpty() || subscription.isEmpty()) {
            outbox.dead(entry, null, "the prediction is gone");
            count("dead");
            return Optional.empty();
        }
        Prediction prediction = found.get();
        if (entry.event() == WebhookEvent.COMPLETED
                && stillKeeping(prediction)
                && Duration.between(entry.createdAt(), now).compareTo(properties.waitForKeptOutputs()) < 0) {
            outbox.postpone(entry, now.plus(KEEPING_RETRY));
            return Optional.empty();
        }
        WebhookBody renderer = bodies.stream()
                .filter(candidate -> candidate.format().equals(entry.format()) && candidate.renders(prediction.kind()))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("No " + entry.format() + " body for " + prediction.kind()));
        WebhookSubscription about = subscription.get();
        WebhookBody.About what = new WebhookBody.About(
                about.url(), about.events().stream().map(WebhookEvent::wireName).toList(), about.baseUrl());
        String body = renderer.render(prediction, what);
        if (body.length() > properties.maxBody().toBytes()) {
            body = renderer.render(withoutInlineFiles(prediction), what);
        }
        return outbox.freeze(entry, body) ? Optional.of(body) : Optional.empty();
    }

    private void send(OutboxEntry entry, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(now().getEpochSecond());
        Request request = new Request.Builder()
                .url(entry.url())
                .header("webhook-id", entry.id())
                .header("webhook-timestamp", timestamp)
                .header(
                        "webhook-signature",
                        StandardWebhooks.signatureHeader(entry.id(), timestamp, bytes, secrets.secretOf(entry.owner())))
                .header("User-Agent", "replicate-gateway")
                .post(RequestBody.create(bytes, JSON))
                .build();
        Integer status = null;
        String error;
        try (Response response = http.newCall(request).execute()) {
            status = response.code();
            if (response.isSuccessful()) {
                outbox.delivered(entry, status, now());
                latency.record(Duration.between(entry.createdAt(), now()));
                count("delivered");
                return;
            }
            error = "answered " + status + (response.isRedirect() ? " (redirects are not followed)" : "");
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        Instant next = now().plus(backoff.jittered(entry.attempts() + 1, 0.2));
        if (next.isAfter(entry.createdAt().plus(properties.giveUpAfter()))) {
            outbox.dead(entry, status, error);
            count("dead");
            log.warn(
                    "Webhook {} to {} given up after {} attempts: {}",
                    entry.id(),
                    hostOf(entry.url()),
                    entry.attempts() + 1,
                    error);
        } else {
            outbox.failed(entry, status, error, next);
            count("failed");
            log.info("Webhook {} to {} failed ({}); retried at {}", entry.id(), hostOf(entry.url()), error, next);
        }
    }

    /** Its outputs are being copied: a completed event waits, so that it carries the durable URLs. */
    private boolean stillKeeping(Prediction prediction) {
        KeptOutputs kept = keptOutputs.get();
        if (kept == null
                || prediction.status() != PredictionStatus.SUCCEEDED
                || OutputUrls.of(prediction.output()).isEmpty()) {
            return false;
        }
        KeptOutputs.Status status = kept.of(prediction);
        return status != null && !status.persisted() && status.error() == null;
    }

    /** The same prediction with data: URLs of its input left out: a body within the limit. */
    private static Prediction withoutInlineFiles(Prediction prediction) {
        Map<String, Object> input = new LinkedHashMap<>();
        prediction
                .input()
                .forEach((name, value) -> input.put(
                        name,
                        value instanceof String text && text.startsWith("data:")
                                ? "data:(left out of the webhook)"
                                : value));
        return prediction.toBuilder().input(input).logs(null).build();
    }

    private void count(String outcome) {
        meters.counter("gateway.caller_webhooks.attempts", "outcome", outcome).increment();
    }

    private static String hostOf(String url) {
        String host = URI.create(url).getHost();
        return host == null ? "?" : host;
    }

    @Override
    public void close() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Microseconds, as the store keeps them: a time written compares equal when read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
