package dev.replicategateway.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateException;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.web.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Resolves what a request names (an alias of the configured catalog, or any model reference) to the
 * reference sent and the schema its input is checked against. Schemas are fetched on first use, kept
 * in the store (shared by instances) and in memory, fetched again after {@code schema-ttl}, and at once
 * after Replicate refused an input validated with one ({@link #inputRejected}).
 */
@Service
public class ModelCatalog {

    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often an instance re-reads the shared row behind a schema it holds (another may have refreshed it). */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private record Held(ResolvedModel model, Instant fetchedAt, Instant checkedAt) {}

    private final CatalogProperties properties;
    private final StoredSchemas stored;
    private final SchemaFetcher fetcher;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    ModelCatalog(CatalogProperties properties, StoredSchemas stored, SchemaFetcher fetcher, Clock clock) {
        this.properties = properties;
        this.stored = stored;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** The aliases of the catalog, in configuration order. */
    public Map<String, CatalogProperties.Alias> aliases() {
        return properties.models();
    }

    /** The named set of inputs, if the catalog has one of that name. */
    public Optional<Map<String, Object>> preset(String name) {
        return Optional.ofNullable(properties.presets().get(name));
    }

    public Map<String, Map<String, Object>> presets() {
        return properties.presets();
    }

    /** What {@code requested} stands for without fetching anything: an alias's model, or itself. */
    public String referenceOf(String requested) {
        CatalogProperties.Alias alias = properties.models().get(requested);
        return alias != null ? alias.model() : requested;
    }

    /**
     * @param requested an alias, {@code owner/name}, {@code owner/name:version}, a version id or
     *     {@code deployments/owner/name}
     * @param field how the request names it, for errors
     * @throws InvalidRequestException when it is no model reference, or Replicate knows no such model
     * @throws SchemaUnavailableException when its schema cannot be had (and unvalidated input is not allowed)
     */
    public ResolvedModel resolve(String requested, String field) {
        String alias = properties.models().containsKey(requested) ? requested : null;
        String written = alias != null ? properties.models().get(alias).model() : requested;
        ModelRef ref;
        try {
            ref = ModelRef.parse(written);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(
                    field,
                    e.getMessage() + "; or one of the catalog's aliases: "
                            + String.join(", ", properties.models().keySet()));
        }
        ResolvedModel resolved = resolve(ref, field);
        return alias == null
                ? resolved
                : new ResolvedModel(alias, resolved.ref(), resolved.name(), resolved.versionId(), resolved.schema());
    }

    private ResolvedModel resolve(ModelRef ref, String field) {
        String key = ref.canonical();
        Instant now = clock.instant();
        Held current = held.get(key);
        if (current != null && now.isBefore(current.checkedAt().plus(RECHECK))) {
            return current.model();
        }
        Optional<StoredSchemas.Stored> row = ref instanceof ModelRef.ModelVersion version && version.owner() == null
                ? stored.findByVersion(version.versionId())
                : stored.find(key);
        if (row.isPresent()
                && !row.get().stale()
                && now.isBefore(row.get().fetchedAt().plus(properties.schemaTtl()))) {
            return hold(key, fromStored(key, row.get()), row.get().fetchedAt(), now);
        }
        if (ref instanceof ModelRef.ModelVersion bare && bare.owner() == null) {
            // Replicate has no way to ask for a bare version's schema; it still validates the input itself.
            return new ResolvedModel(null, key, key, bare.versionId(), null);
        }
        try {
            SchemaFetcher.Fetched fetched = fetcher.fetch(ref);
            // Compiled before it is stored: a schema this service cannot use is never shared.
            ModelSchema schema = schema(fetched.name(), fetched.versionId(), fetched.openapi());
            stored.save(
                    key, fetched.name(), fetched.versionId(), fetched.openapi().toString(), now);
            return hold(key, new ResolvedModel(null, key, fetched.name(), fetched.versionId(), schema), now, now);
        } catch (ReplicateNotFoundException missing) {
            throw InvalidRequestException.of(field, "is not a model Replicate knows (" + key + ")");
        } catch (ReplicateException | IllegalArgumentException unavailable) {
            if (row.isPresent()) {
                log.warn(
                        "Could not refresh the schema of {} ({}); using the one fetched {}",
                        key,
                        unavailable.getMessage(),
                        row.get().fetchedAt());
                return hold(key, fromStored(key, row.get()), row.get().fetchedAt(), now);
            }
            if (properties.passThroughWithoutSchema()) {
                log.warn(
                        "No schema for {} ({}); its input goes unvalidated as configured",
                        key,
                        unavailable.getMessage());
                return new ResolvedModel(null, key, nameOf(ref), null, null);
            }
            throw new SchemaUnavailableException(key, unavailable.getMessage());
        }
    }

    /** Replicate refused an input validated with this schema: it is out of date; fetch it again on next use. */
    public void inputRejected(String ref) {
        held.remove(ref);
        stored.markStale(ref);
        log.info("Replicate refused an input of {} that its stored schema allowed; the schema is fetched again", ref);
    }

    private ResolvedModel hold(String key, ResolvedModel model, Instant fetchedAt, Instant now) {
        held.put(key, new Held(model, fetchedAt, now));
        return model;
    }

    private static ResolvedModel fromStored(String key, StoredSchemas.Stored row) {
        try {
            JsonNode openapi = JSON.readTree(row.openapi());
            return new ResolvedModel(
                    null, key, row.model(), row.versionId(), schema(row.model(), row.versionId(), openapi));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored schema of " + key + " is unreadable", e);
        }
    }

    private static ModelSchema schema(String model, String versionId, JsonNode openapi) {
        return ModelSchema.of(model, versionId, openapi);
    }

    private static String nameOf(ModelRef ref) {
        if (ref instanceof ModelRef.OfficialModel model) {
            return model.canonical();
        }
        if (ref instanceof ModelRef.ModelVersion version && version.owner() != null) {
            return version.owner() + "/" + version.name();
        }
        return ref.canonical();
    }
}
