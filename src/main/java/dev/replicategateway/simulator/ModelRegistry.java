package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated account's view of models, their versions and deployments. */
final class ModelRegistry {

    /** @param latestVersion null until the model has a version (a model created with POST /models) */
    record Model(
            String owner,
            String name,
            String visibility,
            String hardware,
            String description,
            Instant createdAt,
            String latestVersion) {

        String fullName() {
            return owner + "/" + name;
        }
    }

    /**
     * @param openapiSchema the version's Cog schema: {@code components.schemas.Input} and {@code Output}
     *     (and {@code TrainingInput} for a trainer)
     * @param naturalFormat the extension of its outputs when its input has no {@code output_format}
     */
    record Version(
            String id,
            String model,
            Instant createdAt,
            String cogVersion,
            JsonNode openapiSchema,
            ModelTiming timing,
            String naturalFormat) {}

    record Release(
            int number,
            String model,
            String version,
            Instant createdAt,
            String hardware,
            int minInstances,
            int maxInstances) {}

    record Deployment(String owner, String name, Release currentRelease) {}

    static final String COG_VERSION = "0.16.8";

    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Map<String, Version> versions = new ConcurrentHashMap<>();
    private final Map<String, Deployment> deployments = new ConcurrentHashMap<>();

    synchronized void seed(ModelCatalog catalog, Instant now) {
        models.clear();
        versions.clear();
        deployments.clear();
        for (ModelCatalog.Entry entry : ModelCatalog.ENTRIES) {
            String[] name = entry.model().split("/");
            models.put(
                    entry.model(),
                    new Model(name[0], name[1], "public", "gpu-h100", entry.description(), now, entry.version()));
            versions.put(
                    entry.version(),
                    new Version(
                            entry.version(),
                            entry.model(),
                            now,
                            COG_VERSION,
                            catalog.schemaOf(entry.model()),
                            ModelTiming.of(entry.model()),
                            entry.naturalFormat()));
        }
        deployments.put(
                "acme/flux-schnell-fast",
                new Deployment(
                        "acme",
                        "flux-schnell-fast",
                        new Release(
                                1,
                                "black-forest-labs/flux-schnell",
                                ModelCatalog.FLUX_SCHNELL_VERSION,
                                now,
                                "gpu-h100",
                                0,
                                3)));
    }

    Optional<Model> model(String fullName) {
        return Optional.ofNullable(models.get(fullName));
    }

    Set<String> names() {
        return models.keySet();
    }

    Optional<Version> version(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(versions.get(id));
    }

    Optional<Version> latestOf(String fullName) {
        return model(fullName).map(Model::latestVersion).flatMap(this::version);
    }

    /** The model's versions, newest first. */
    List<Version> versionsOf(String fullName) {
        return versions.values().stream()
                .filter(version -> version.model().equals(fullName))
                .sorted(Comparator.comparing(Version::createdAt).reversed().thenComparing(Version::id))
                .toList();
    }

    Optional<Deployment> deployment(String owner, String name) {
        return Optional.ofNullable(deployments.get(owner + "/" + name));
    }

    /** @return false when a model of that name exists already */
    boolean create(String owner, String name, String visibility, String hardware, Instant now) {
        return models.putIfAbsent(owner + "/" + name, new Model(owner, name, visibility, hardware, null, now, null))
                == null;
    }

    /**
     * A training succeeded: the trained version joins its destination, and is its latest unless a later
     * one is already there. Publishing the same version again changes nothing.
     */
    synchronized void publish(String destination, Version version) {
        Model model = models.get(destination);
        if (model == null || versions.containsKey(version.id())) {
            return;
        }
        versions.put(version.id(), version);
        Version latest = model.latestVersion() == null ? null : versions.get(model.latestVersion());
        if (latest != null && latest.createdAt().isAfter(version.createdAt())) {
            return;
        }
        models.put(
                destination,
                new Model(
                        model.owner(),
                        model.name(),
                        model.visibility(),
                        model.hardware(),
                        model.description(),
                        model.createdAt(),
                        version.id()));
    }
}
