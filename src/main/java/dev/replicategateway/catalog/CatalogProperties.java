package dev.replicategateway.catalog;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The catalog: aliases for the models a frontend offers, presets, and how model schemas are kept.
 * Adding a model is a configuration change: {@code gateway.catalog.models.<alias>.model=owner/name}.
 *
 * @param models aliases and the model each names ({@code owner/name} for an official model's latest
 *     version, {@code owner/name:version} for a pinned one, {@code deployments/owner/name})
 * @param presets named sets of inputs a request may start from; applied to the inputs a model has
 * @param schemaTtl how long a fetched schema is used before it is fetched again
 * @param passThroughWithoutSchema when a model's schema cannot be fetched: {@code false} (the default)
 *     answers 503 and sends nothing; {@code true} sends the input unvalidated
 */
@Validated
@ConfigurationProperties("gateway.catalog")
record CatalogProperties(
        @NotNull @DefaultValue Map<String, Alias> models,
        @NotNull @DefaultValue Map<String, Map<String, Object>> presets,
        @NotNull @DefaultValue("24h") Duration schemaTtl,
        @DefaultValue("false") boolean passThroughWithoutSchema) {

    /** @param model the model reference; @param description what the alias offers, for the catalog */
    record Alias(@NotNull String model, String description) {}
}
