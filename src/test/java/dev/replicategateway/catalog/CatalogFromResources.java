package dev.replicategateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The real {@link ModelCatalog} for slice tests, with the configured aliases and presets, reading
 * schemas from the simulator's model files instead of Replicate: an official model has its own file,
 * any other model is a Flux LoRA (as a model trained here is), a deployment runs flux-schnell, and
 * a model whose owner is {@code missing} is one Replicate does not know.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogProperties.class)
public class CatalogFromResources {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Bean
    ModelCatalog modelCatalog(CatalogProperties properties) {
        return new ModelCatalog(properties, new InMemorySchemas(), new ResourceSchemas(), Clock.systemUTC());
    }

    /** The schema Replicate publishes for {@code model}, from the simulator's files. */
    public static ModelSchema schemaOf(String model) {
        return ModelSchema.of(model, "v1", openapiOf(model));
    }

    static JsonNode openapiOf(String model) {
        String resource = "/simulator/models/" + model + ".json";
        try (InputStream in = open(resource)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = CatalogFromResources.class.getResourceAsStream(resource);
        return in != null ? in : CatalogFromResources.class.getResourceAsStream("/simulator/trained/flux-lora.json");
    }

    static class ResourceSchemas extends SchemaFetcher {

        final AtomicInteger fetches = new AtomicInteger();

        ResourceSchemas() {
            super(null);
        }

        @Override
        Fetched fetch(ModelRef ref) {
            fetches.incrementAndGet();
            if (ref instanceof ModelRef.Deployment) {
                String model = "black-forest-labs/flux-schnell";
                return new Fetched(model, "d".repeat(64), openapiOf(model));
            }
            String model = ref instanceof ModelRef.ModelVersion version
                    ? version.owner() + "/" + version.name()
                    : ref.canonical();
            if (model.startsWith("missing/")) {
                throw new ReplicateNotFoundException("Model not found");
            }
            String version = ref instanceof ModelRef.ModelVersion pinned ? pinned.versionId() : "e".repeat(64);
            return new Fetched(model, version, openapiOf(model));
        }
    }

    static final class InMemorySchemas extends StoredSchemas {

        private final Map<String, Stored> rows = new ConcurrentHashMap<>();

        InMemorySchemas() {
            super(null);
        }

        @Override
        Optional<Stored> find(String ref) {
            return Optional.ofNullable(rows.get(ref));
        }

        @Override
        Optional<Stored> findByVersion(String versionId) {
            return rows.values().stream()
                    .filter(row -> versionId.equals(row.versionId()))
                    .findFirst();
        }

        @Override
        void save(String ref, String model, String versionId, String openapi, Instant now) {
            rows.put(ref, new Stored(ref, model, versionId, openapi, now, false));
        }

        @Override
        void markStale(String ref) {
            rows.computeIfPresent(
                    ref,
                    (key, row) -> new Stored(key, row.model(), row.versionId(), row.openapi(), row.fetchedAt(), true));
        }
    }
}
