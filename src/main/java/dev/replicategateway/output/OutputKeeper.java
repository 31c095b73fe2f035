package dev.replicategateway.output;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.replicategateway.caller.SignedLinks;
import dev.replicategateway.common.Backoff;
import dev.replicategateway.prediction.FinalStateListener;
import dev.replicategateway.prediction.KeptOutputs;
import dev.replicategateway.prediction.OutputUrls;
import dev.replicategateway.prediction.Prediction;
import dev.replicategateway.prediction.PredictionQueries;
import dev.replicategateway.prediction.PredictionStatus;
import dev.replicategateway.prediction.WorkKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the outputs of succeeded predictions: queued in the transaction that records the success,
 * then copied by {@link #copyDue()} with retries well inside Replicate's hour. Until every output of a
 * prediction is kept, the API says so ({@code outputs_persisted: false}) and shows Replicate's URLs.
 */
class OutputKeeper implements FinalStateListener, KeptOutputs, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutputKeeper.class);

    /** Longer than one copy can take: a 30 s download plus the store's own timeout (60 s by default). */
    private static final Duration LEASE = Duration.ofMinutes(2);

    private static final int CLAIMED_PER_COPIER = 2;

    /** Rows, about 600 bytes each: some 6 MB at most, the predictions a frontend is likely to read again. */
    private static final int SETTLED_ROWS_CACHED = 10_000;

    private final OutputRows rows;
    private final OutputStore store;
    private final OutputDownloader downloader;
    private final SignedLinks links;
    private final OutputProperties properties;
    private final TransactionTemplate transactions;
    private final PredictionQueries predictions;
    private final MeterRegistry meters;
    private final Clock clock;
    private final ExecutorService copiers;
    private final Backoff backoff;

    /**
     * The output rows of predictions none of whose outputs is still being copied. A row only ever goes
     * from pending to kept or failed, and all of a prediction's rows are written in one transaction, so
     * settled rows never change again and every instance may keep them.
     */
    private final Cache<String, List<OutputRow>> settled;

    OutputKeeper(
            OutputRows rows,
            OutputStore store,
            OutputDownloader downloader,
            SignedLinks links,
            OutputProperties properties,
            TransactionTemplate transactions,
            PredictionQueries predictions,
            MeterRegistry meters,
            Clock clock) {
        this.rows = rows;
        this.store = store;
        this.downloader = downloader;
        this.links = links;
        this.properties = properties;
        this.transactions = transactions;
        this.predictions = predictions;
        this.meters = meters;
        this.clock = clock;
        this.backoff = new Backoff(properties.retryBackoff(), 2.0, Duration.ofMinutes(5));
        this.settled = Caffeine.newBuilder()
                .maximumWeight(SETTLED_ROWS_CACHED)
                .weigher((String id, List<OutputRow> kept) -> kept.size())
                .recordStats()
                .executor(Runnable::run) // read on every GET: see SignedLinks
                .build();
        CaffeineCacheMetrics.monitor(meters, settled, "gateway.outputs.settled");
        this.copiers = Executors.newFixedThreadPool(properties.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "output-copier");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void onFinal(Prediction prediction) {
        if (prediction.status() != PredictionStatus.SUCCEEDED || prediction.kind() != WorkKind.PREDICTION) {
            return;
        }
        List<String> urls = OutputUrls.of(prediction.output());
        for (int i = 0; i < urls.size(); i++) {
            rows.insertPending(prediction.id(), i, urls.get(i), now());
        }
    }

    @Override
    public void reuse(Prediction source, Prediction target) {
        for (OutputRow row : rows.of(source.id())) {
            rows.insertReused(target.id(), row, now());
        }
    }

    @Override
    public Status of(Prediction prediction) {
        return keepsOutputsOf(prediction) ? status(prediction, rowsOf(prediction.id())) : null;
    }

    private List<OutputRow> rowsOf(String predictionId) {
        List<OutputRow> known = settled.getIfPresent(predictionId);
        if (known != null) {
            return known;
        }
        List<OutputRow> found = rows.of(predictionId);
        remember(predictionId, found);
        return found;
    }

    private void remember(String predictionId, List<OutputRow> found) {
        if (!found.isEmpty() && found.stream().noneMatch(row -> row.state() == OutputRow.State.PENDING)) {
            settled.put(predictionId, List.copyOf(found));
        }
    }

    /** One query for a whole page, rather than one per prediction. */
    @Override
    public Map<String, Status> of(List<Prediction> predictions) {
        List<String> ids = predictions.stream()
                .filter(OutputKeeper::keepsOutputsOf)
                .map(Prediction::id)
                .toList();
        Map<String, List<OutputRow>> byPrediction = new HashMap<>(settled.getAllPresent(ids));
        List<String> unknown =
                ids.stream().filter(id -> !byPrediction.containsKey(id)).toList();
        rows.of(unknown).stream()
                .collect(Collectors.groupingBy(OutputRow::predictionId))
                .forEach((id, found) -> {
                    remember(id, found);
                    byPrediction.put(id, found);
                });
        Map<String, Status> statuses = new HashMap<>();
        for (Prediction prediction : predictions) {
            Status status = status(prediction, byPrediction.getOrDefault(prediction.id(), List.of()));
            if (status != null) {
                statuses.put(prediction.id(), status);
            }
        }
        return statuses;
    }

    private static boolean keepsOutputsOf(Prediction prediction) {
        return prediction.status() == PredictionStatus.SUCCEEDED && prediction.kind() == WorkKind.PREDICTION;
    }

    private Status status(Prediction prediction, List<OutputRow> kept) {
        if (kept.isEmpty()) {
            return null;
        }
        boolean all = kept.stream().allMatch(row -> row.state() == OutputRow.State.KEPT);
        String error = kept.stream()
                .filter(row -> row.state() == OutputRow.State.FAILED)
                .map(OutputRow::error)
                .findFirst()
                .orElse(null);
        List<String> urls = kept.stream()
                .map(row -> links.output(row.predictionId(), row.index(), prediction.owner()))
                .toList();
        return new Status(all, all ? urls : null, error);
    }

    /** Copies due outputs, {@code concurrency} at a time; returns how many were tried. */
    int copyDue() {
        List<OutputRow> due =
                transactions.execute(tx -> rows.claimDue(now(), LEASE, properties.concurrency() * CLAIMED_PER_COPIER));
        if (due == null) {
            return 0;
        }
        List<Future<?>> running = new ArrayList<>();
        for (OutputRow row : due) {
            running.add(copiers.submit(() -> copy(row)));
        }
        for (Future<?> copy : running) {
            try {
                copy.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                log.error("Unexpected failure copying an output", e.getCause());
            }
        }
        return due.size();
    }

    /** Copies under way finish and are recorded; nothing new starts. */
    @Override
    public void close() throws InterruptedException {
        copiers.shutdown();
        if (!copiers.awaitTermination(20, TimeUnit.SECONDS)) {
            log.warn("Output copies still running at shutdown; they are tried again once their lease ends");
        }
    }

    private void copy(OutputRow row) {
        if (!rows.extendLease(row, now().plus(LEASE))) {
            return;
        }
        MDC.put("prediction", row.predictionId());
        try {
            Prediction prediction = predictions.findById(row.predictionId()).orElseThrow();
            Object format = prediction.input().get("output_format");
            var downloaded = downloader.fetch(row.sourceUrl(), format instanceof String f ? f : null);
            store.write(row.predictionId(), row.index(), downloaded.content(), downloaded.contentType());
            Instant now = now();
            rows.kept(row, downloaded.contentType(), downloaded.content().length, sha256(downloaded.content()), now);
            if (prediction.completedAt() != null) {
                meters.timer("gateway.outputs.time_to_persist").record(Duration.between(prediction.completedAt(), now));
            }
            meters.counter("gateway.outputs.kept").increment();
        } catch (OutputDownloader.Rejected rejected) {
            log.warn("Output {} of {} rejected: {}", row.index(), row.predictionId(), rejected.getMessage());
            rows.failed(row, rejected.getMessage());
            meters.counter("gateway.outputs.rejected").increment();
        } catch (IOException | RuntimeException e) {
            retryOrFail(row, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retryOrFail(row, "interrupted");
        } finally {
            MDC.remove("prediction");
        }
    }

    private void retryOrFail(OutputRow row, String error) {
        if (row.attempts() + 1 >= properties.maxAttempts()) {
            log.warn(
                    "Giving up on output {} of {} after {} attempts: {}",
                    row.index(),
                    row.predictionId(),
                    row.attempts() + 1,
                    error);
            rows.failed(row, error);
            return;
        }
        rows.retryLater(row, error, now().plus(backoff.delay(row.attempts() + 1)));
    }

    /** Microseconds, as the store keeps them (H2 rounds finer instants, which could put a row in the future). */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
