package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Delivers webhooks the way Replicate does: the prediction as JSON, for the events asked for
 * ({@code start}, {@code output}, {@code logs}, {@code completed}; logs and output at most every
 * 500 ms), signed with Standard Webhooks headers, retried with backoff under the same webhook-id,
 * redirects not followed. One scheduler thread watches every job that asked for webhooks.
 */
class SimulatorWebhooks implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatorWebhooks.class);
    private static final int ATTEMPTS = 4;

    private final SimulatorState state;
    private final SimulatorProperties properties;
    private final FaultInjector faults;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulator-webhooks");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Progress> watched = new ConcurrentHashMap<>();

    /** What was last sent for a job. */
    private static final class Progress {
        boolean started;
        String status = "";
        int logsLength;
        Instant lastLogsEvent = Instant.EPOCH;
    }

    SimulatorWebhooks(SimulatorState state, SimulatorProperties properties, FaultInjector faults) {
        this.state = state;
        this.properties = properties;
        this.faults = faults;
        long tick = Math.max(10, (long) (100 * Math.min(1.0, properties.timeScale() * 5)));
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void watch(SimulatedJob job) {
        if (job.webhook != null) {
            watched.put(job.id, new Progress());
        }
    }

    private void tick() {
        Instant now = state.clock.instant();
        for (var entry : watched.entrySet()) {
            SimulatedJob job = state.jobs.get(entry.getKey());
            if (job == null) {
                watched.remove(entry.getKey());
                continue;
            }
            try {
                check(job, entry.getValue(), now);
            } catch (RuntimeException e) {
                log.warn("Simulator webhook check failed for {}", job.id, e);
            }
        }
    }

    private void check(SimulatedJob job, Progress progress, Instant now) {
        SimulatedJob.State current = job.at(now);
        List<String> wanted = job.webhookEventsFilter;
        if (!progress.started) {
            progress.started = true;
            send(job, "start", wanted, now);
        }
        if (current.isFinal()) {
            if (job.kind == SimulatedJob.Kind.TRAINING && "succeeded".equals(current.status())) {
                state.publishTrained(job);
            }
            if ("succeeded".equals(current.status())) {
                send(job, "output", wanted, now);
            }
            send(job, "completed", wanted, now);
            watched.remove(job.id);
            return;
        }
        boolean logsGrew = current.logs().length() > progress.logsLength;
        if (logsGrew && Duration.between(progress.lastLogsEvent, now).toMillis() >= 500 * properties.timeScale()) {
            progress.logsLength = current.logs().length();
            progress.lastLogsEvent = now;
            send(job, "logs", wanted, now);
        }
        progress.status = current.status();
    }

    private void send(SimulatedJob job, String event, List<String> wanted, Instant now) {
        if (wanted != null && !wanted.contains(event)) {
            return;
        }
        if (faults.losesWebhook()) {
            return;
        }
        try {
            byte[] body = json.writeValueAsBytes(job.toJson(now));
            deliver(job.webhook, "msg_" + state.newId(24), body, 1);
        } catch (IOException e) {
            log.warn("Cannot serialise a simulated webhook", e);
        }
    }

    private void deliver(String url, String id, byte[] body, int attempt) {
        String timestamp = String.valueOf(state.clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Replicate-Webhooks-Simulator")
                .header("webhook-id", id)
                .header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + sign(id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() / 100 == 2;
            if (ok) {
                state.count("webhooks.delivered");
            } else if (attempt < ATTEMPTS) {
                state.count("webhooks.retried");
                long backoff = (long) (1000L * (1L << (attempt - 1)) * properties.timeScale());
                scheduler.schedule(
                        () -> deliver(url, id, body, attempt + 1), Math.max(1, backoff), TimeUnit.MILLISECONDS);
            } else {
                state.count("webhooks.failed");
            }
        });
    }

    String sign(String id, String timestamp, byte[] body) {
        try {
            String secret = properties.webhookSecret();
            byte[] key = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
