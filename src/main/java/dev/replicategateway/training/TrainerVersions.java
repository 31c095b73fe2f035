package dev.replicategateway.training;

import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateModel;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicateService;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Resolves a trainer reference to a version: as written when pinned, else its latest version, cached for a while. */
@Component
class TrainerVersions {

    private record Cached(ModelRef.ModelVersion version, Instant at) {}

    private final ReplicateService replicate;
    private final TrainingProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TrainerVersions(ReplicateService replicate, TrainingProperties properties, Clock clock) {
        this.replicate = replicate;
        this.properties = properties;
        this.clock = clock;
    }

    ModelRef.ModelVersion resolve(String trainer) {
        ModelRef ref = ModelRef.parse(trainer);
        if (ref instanceof ModelRef.ModelVersion version && version.owner() != null) {
            return version;
        }
        if (!(ref instanceof ModelRef.OfficialModel model)) {
            throw new IllegalArgumentException("trainer must be owner/name or owner/name:version");
        }
        Cached cached = cache.get(trainer);
        if (cached != null && clock.instant().isBefore(cached.at().plus(properties.trainerCacheTtl()))) {
            return cached.version();
        }
        ReplicateModel found = replicate.getModel(model.owner(), model.name());
        if (found.latestVersion() == null || found.latestVersion().id() == null) {
            throw new ReplicateNotFoundException("trainer " + trainer + " has no version");
        }
        var version = new ModelRef.ModelVersion(
                model.owner(), model.name(), found.latestVersion().id());
        cache.put(trainer, new Cached(version, clock.instant()));
        return version;
    }
}
