package dev.replicategateway.compat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.replicategateway.catalog.ModelCatalog;
import dev.replicategateway.catalog.ModelVisibility;
import dev.replicategateway.catalog.ResolvedModel;
import dev.replicategateway.web.ApiProblem;
import dev.replicategateway.web.InvalidRequestException;
import dev.replicategateway.web.ProblemTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replicate's model and version objects, from the catalog's stored schemas (fetched once within the
 * "everything else" budget, then shared): what a client reads a model's inputs from.
 */
@RestController
@RequestMapping("/v1/models/{owner}/{name}")
@Tag(name = "Replicate-compatible API")
class V1ModelController {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record V1Version(String id, String createdAt, String cogVersion, JsonNode openapiSchema) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record V1Model(
            String url,
            String owner,
            String name,
            String description,
            String visibility,
            String githubUrl,
            String paperUrl,
            String licenseUrl,
            Long runCount,
            String coverImageUrl,
            Object defaultExample,
            V1Version latestVersion) {}

    private final ModelCatalog catalog;
    private final ModelVisibility visibility;

    V1ModelController(ModelCatalog catalog, ModelVisibility visibility) {
        this.catalog = catalog;
        this.visibility = visibility;
    }

    @Operation(summary = "A model and its latest version's schema")
    @GetMapping
    V1Model model(@PathVariable String owner, @PathVariable String name) {
        ResolvedModel model = resolve(owner + "/" + name);
        return new V1Model(
                "https://replicate.com/" + owner + "/" + name,
                owner,
                name,
                null,
                "public",
                null,
                null,
                null,
                null,
                null,
                null,
                version(model));
    }

    @Operation(summary = "The model's versions this service knows (its latest)")
    @GetMapping("/versions")
    V1Page<V1Version> versions(@PathVariable String owner, @PathVariable String name) {
        V1Version latest = version(resolve(owner + "/" + name));
        return new V1Page<>(null, null, latest == null ? List.of() : List.of(latest));
    }

    @Operation(summary = "One version and its schema")
    @GetMapping("/versions/{id}")
    V1Version version(@PathVariable String owner, @PathVariable String name, @PathVariable String id) {
        return version(resolve(owner + "/" + name + ":" + id));
    }

    private ResolvedModel resolve(String ref) {
        visibility.checkMayRead(ref);
        try {
            return catalog.resolve(ref, "model");
        } catch (InvalidRequestException unknown) {
            throw new ModelNotFoundException();
        }
    }

    private static V1Version version(ResolvedModel model) {
        if (model.versionId() == null) {
            return null;
        }
        return new V1Version(
                model.versionId(),
                null,
                null,
                model.schema() == null ? null : model.schema().openapi());
    }

    static final class ModelNotFoundException extends ApiProblem {
        ModelNotFoundException() {
            super(
                    HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND,
                    "Not found",
                    "The requested resource could not be found.");
        }
    }
}
