package dev.replicategateway.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Everything the simulated Replicate knows: models and versions, jobs, uploaded files, faults and counts. */
final class SimulatorState {

    record StoredFile(
            String id,
            String name,
            String contentType,
            byte[] content,
            Map<String, Object> metadata,
            Instant createdAt) {}

    /** Orders jobs newest first, then by id, for lists and cursors. */
    record JobKey(Instant createdAt, String id) {}

    static final Comparator<JobKey> NEWEST_FIRST =
            Comparator.comparing(JobKey::createdAt).reversed().thenComparing(JobKey::id);

    final Clock clock;
    final ModelRegistry models = new ModelRegistry();
    final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<JobKey, SimulatedJob> predictions = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    final ConcurrentSkipListMap<JobKey, SimulatedJob> trainings = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    final AtomicReference<SimulatorProperties.Faults> faults;
    private final ModelCatalog catalog;
    private final Random random;

    SimulatorState(Clock clock, SimulatorProperties properties, ModelCatalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
        this.faults = new AtomicReference<>(properties.faults());
        this.random = properties.randomSeed() == 0 ? new Random() : new Random(properties.randomSeed());
        reset();
    }

    synchronized void reset() {
        jobs.clear();
        predictions.clear();
        trainings.clear();
        files.clear();
        requests.clear();
        counters.clear();
        models.seed(catalog, clock.instant());
    }

    /** A succeeded training publishes its version on its destination, with the schema of a trained Flux LoRA. */
    void publishTrained(SimulatedJob training) {
        models.publish(
                training.destination,
                new ModelRegistry.Version(
                        training.trainedVersion,
                        training.destination,
                        training.at(clock.instant()).completedAt(),
                        ModelRegistry.COG_VERSION,
                        catalog.trainedLoraSchema(),
                        ModelTiming.TRAINED_LORA,
                        "webp"));
    }

    void add(SimulatedJob job) {
        jobs.put(job.id, job);
        (job.kind == SimulatedJob.Kind.TRAINING ? trainings : predictions).put(new JobKey(job.createdAt, job.id), job);
        count("created." + job.kind.name().toLowerCase());
    }

    Optional<SimulatedJob> job(String id, SimulatedJob.Kind kind) {
        return Optional.ofNullable(jobs.get(id)).filter(job -> job.kind == kind);
    }

    SimulatedJob jobOrNotFound(String id, SimulatedJob.Kind kind) {
        return job(id, kind).orElseThrow(() -> SimulatorError.notFound("Not found."));
    }

    /** Cancels a job that is not final yet, and shows it as it is now. */
    Map<String, Object> cancel(SimulatedJob job) {
        Instant now = clock.instant();
        job.cancel(now);
        return job.toJson(now);
    }

    /** A training that finished since the last look has published its version on its destination. */
    void publishFinishedTrainings(String destination) {
        Instant now = clock.instant();
        trainings.values().stream()
                .filter(job -> destination.equals(job.destination))
                .filter(job -> "succeeded".equals(job.at(now).status()))
                .forEach(this::publishTrained);
    }

    /**
     * One page, newest first, of the jobs created in {@code window}, after the job named by the cursor
     * (its id); one more than {@code size} when more follow.
     */
    List<SimulatedJob> page(SimulatedJob.Kind kind, String afterId, CreatedWindow window, int size) {
        var all = kind == SimulatedJob.Kind.TRAINING ? trainings : predictions;
        JobKey start = null;
        boolean inclusive = true;
        SimulatedJob last = afterId == null ? null : jobs.get(afterId);
        if (last != null) {
            start = new JobKey(last.createdAt, last.id);
            inclusive = false;
        }
        if (window.before() != null) {
            JobKey newest = new JobKey(window.before(), "");
            if (start == null || NEWEST_FIRST.compare(newest, start) > 0) {
                start = newest;
                inclusive = true;
            }
        }
        var from = start == null ? all : all.tailMap(start, inclusive);
        List<SimulatedJob> page = new ArrayList<>(size + 1);
        for (SimulatedJob job : from.values()) {
            if (window.isBeforeWindow(job.createdAt)) {
                break;
            }
            if (!window.isAfterWindow(job.createdAt)) {
                page.add(job);
            }
            if (page.size() > size) {
                break;
            }
        }
        return page;
    }

    synchronized boolean roll(double chance) {
        return chance > 0 && random.nextDouble() < chance;
    }

    synchronized String newId(int length) {
        char[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return id.toString();
    }

    synchronized String newVersion() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    void countRequest(String endpoint) {
        requests.computeIfAbsent(endpoint, e -> new AtomicLong()).incrementAndGet();
    }

    void count(String what) {
        counters.computeIfAbsent(what, e -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Long> byEndpoint = new TreeMap<>();
        requests.forEach((k, v) -> byEndpoint.put(k, v.get()));
        Map<String, Long> events = new TreeMap<>();
        counters.forEach((k, v) -> events.put(k, v.get()));
        long inFlight = jobs.values().stream()
                .filter(job -> !job.at(clock.instant()).isFinal())
                .count();
        stats.put("requests", byEndpoint);
        stats.put("counters", events);
        stats.put("predictions", predictions.size());
        stats.put("trainings", trainings.size());
        stats.put("in_flight", inFlight);
        return stats;
    }
}
