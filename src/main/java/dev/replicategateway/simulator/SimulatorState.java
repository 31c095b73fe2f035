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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Everything the simulated Replicate knows: models and versions, jobs, uploaded files, faults and counts. */
final class SimulatorState {

    record Model(
            String owner, String name, String visibility, String hardware, String latestVersion, Instant createdAt) {}

    record StoredFile(String id, String name, String contentType, byte[] content, Instant createdAt) {}

    /** Orders jobs newest first, then by id, for lists and cursors. */
    record JobKey(Instant createdAt, String id) {}

    static final Comparator<JobKey> NEWEST_FIRST =
            Comparator.comparing(JobKey::createdAt).reversed().thenComparing(JobKey::id);

    static final String FLUX_DEV_VERSION = "a1f7c1a1b6c6d1e7f7e3c5d4b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3";
    static final String FLUX_SCHNELL_VERSION = "b2e8d2b2c7d7e2f8e8f4d6e5c3b2e1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4";
    static final String SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
    static final String TRAINER_VERSION = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";

    final Clock clock;
    final Map<String, Model> models = new ConcurrentHashMap<>();
    final Map<String, String> modelOfVersion = new ConcurrentHashMap<>();
    final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
    final ConcurrentSkipListMap<JobKey, SimulatedJob> predictions = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    final ConcurrentSkipListMap<JobKey, SimulatedJob> trainings = new ConcurrentSkipListMap<>(NEWEST_FIRST);
    final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    final AtomicReference<SimulatorProperties.Faults> faults;
    private final Random random;

    SimulatorState(Clock clock, SimulatorProperties properties) {
        this.clock = clock;
        this.faults = new AtomicReference<>(properties.faults());
        this.random = properties.randomSeed() == 0 ? new Random() : new Random(properties.randomSeed());
        reset();
    }

    synchronized void reset() {
        models.clear();
        modelOfVersion.clear();
        jobs.clear();
        predictions.clear();
        trainings.clear();
        files.clear();
        requests.clear();
        counters.clear();
        addModel("black-forest-labs", "flux-dev", FLUX_DEV_VERSION);
        addModel("black-forest-labs", "flux-schnell", FLUX_SCHNELL_VERSION);
        addModel("stability-ai", "sdxl", SDXL_VERSION);
        addModel("ostris", "flux-dev-lora-trainer", TRAINER_VERSION);
    }

    void addModel(String owner, String name, String version) {
        Instant now = clock.instant();
        models.put(owner + "/" + name, new Model(owner, name, "public", "gpu-h100", version, now));
        if (version != null) {
            modelOfVersion.put(version, owner + "/" + name);
        }
    }

    /** Called when a training succeeds: its destination's latest version is the trained one. */
    void publishVersion(String destination, String version) {
        Model model = models.get(destination);
        if (model != null && !version.equals(model.latestVersion())) {
            models.put(
                    destination,
                    new Model(
                            model.owner(),
                            model.name(),
                            model.visibility(),
                            model.hardware(),
                            version,
                            clock.instant()));
            modelOfVersion.put(version, destination);
        }
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
                .forEach(job -> publishVersion(job.destination, job.trainedVersion));
    }

    /** One page, newest first, after the job named by {@code cursor} (its id), and whether more follow. */
    List<SimulatedJob> page(SimulatedJob.Kind kind, String afterId, int size) {
        var all = kind == SimulatedJob.Kind.TRAINING ? trainings : predictions;
        var from = afterId == null || !jobs.containsKey(afterId)
                ? all
                : all.tailMap(new JobKey(jobs.get(afterId).createdAt, afterId), false);
        List<SimulatedJob> page = new ArrayList<>(size + 1);
        for (SimulatedJob job : from.values()) {
            page.add(job);
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
        Map<String, Long> byEndpoint = new java.util.TreeMap<>();
        requests.forEach((k, v) -> byEndpoint.put(k, v.get()));
        Map<String, Long> events = new java.util.TreeMap<>();
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
