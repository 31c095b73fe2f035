package dev.replicategateway.catalog;

import dev.replicategateway.common.OptionalBean;
import dev.replicategateway.pricing.Prices;
import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CatalogController {

    private final ModelCatalog catalog;
    private final Prices prices;
    private final OptionalBean<ModelVisibility> visibility;

    CatalogController(ModelCatalog catalog, Prices prices, ObjectProvider<ModelVisibility> visibility) {
        this.catalog = catalog;
        this.prices = prices;
        this.visibility = OptionalBean.of(visibility);
    }

    record CatalogView(List<CatalogEntry> models) {}

    @Operation(
            summary =
                    "The catalog: every alias with its model, inputs (type, default, range, choices), output shape and price",
            description = "Read from each model's own schema; what a frontend builds its forms from.")
    @GetMapping("/models")
    CatalogView models() {
        List<CatalogEntry> entries = new ArrayList<>();
        catalog.aliases().forEach((alias, entry) -> entries.add(entry(alias, entry.description())));
        return new CatalogView(entries);
    }

    @Operation(summary = "One model of the catalog by alias")
    @GetMapping("/models/{alias}")
    CatalogEntry model(@PathVariable String alias) {
        if (!catalog.aliases().containsKey(alias)) {
            throw new ModelNotFoundException(alias);
        }
        return entry(alias, descriptionOf(alias));
    }

    @Operation(summary = "Any model by owner/name (its latest version)")
    @GetMapping("/models/{owner}/{name}")
    CatalogEntry model(@PathVariable String owner, @PathVariable String name) {
        ModelVisibility check = visibility.get();
        if (check != null) {
            check.checkMayRead(owner + "/" + name);
        }
        try {
            return entry(owner + "/" + name, null);
        } catch (InvalidRequestException unknown) {
            throw new ModelNotFoundException(owner + "/" + name);
        }
    }

    static final class ModelNotFoundException extends ApiProblem {
        ModelNotFoundException(String model) {
            super(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Model not found",
                    "No model '" + model + "' in the catalog or on Replicate.");
        }
    }

    private String descriptionOf(String alias) {
        CatalogProperties.Alias entry = catalog.aliases().get(alias);
        return entry == null ? null : entry.description();
    }

    private CatalogEntry entry(String requested, String description) {
        ResolvedModel model;
        try {
            model = catalog.resolve(requested, "model");
        } catch (SchemaUnavailableException unavailable) {
            String ref = catalog.aliases().containsKey(requested)
                    ? catalog.aliases().get(requested).model()
                    : requested;
            return new CatalogEntry(requested, ref, null, null, description, false, null, null, null, null, null, null);
        }
        ModelSchema schema = model.schema();
        if (schema == null) {
            return new CatalogEntry(
                    model.alias(),
                    model.ref(),
                    model.name(),
                    model.versionId(),
                    description,
                    false,
                    null,
                    null,
                    null,
                    prices.estimate(model.name(), Map.of()),
                    null,
                    null);
        }
        List<String> presets = catalog.presets().entrySet().stream()
                .filter(preset -> Presets.applied(schema, preset.getValue()).isPresent())
                .map(Map.Entry::getKey)
                .toList();
        return new CatalogEntry(
                model.alias(),
                model.ref(),
                model.name(),
                model.versionId(),
                description,
                true,
                schema.imageInput().isPresent(),
                schema.imageInput().map(InputField::name).orElse(null),
                schema.output(),
                prices.estimate(model.name(), Map.of()),
                presets,
                schema.inputs());
    }
}
