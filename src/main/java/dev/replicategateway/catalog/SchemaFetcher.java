package dev.replicategateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replicategateway.replicate.ModelRef;
import dev.replicategateway.replicate.ReplicateDeployment;
import dev.replicategateway.replicate.ReplicateModel;
import dev.replicategateway.replicate.ReplicateNotFoundException;
import dev.replicategateway.replicate.ReplicateService;
import org.springframework.stereotype.Component;

/**
 * Fetches a reference's schema from Replicate, within the "everything else" budget: an official
 * model's latest version ({@code GET /models/{owner}/{name}}), a pinned version
 * ({@code GET /models/{owner}/{name}/versions/{id}}), a deployment's current release's version.
 */
@Component
class SchemaFetcher {

    record Fetched(String name, String versionId, JsonNode openapi) {}

    private final ReplicateService replicate;

    SchemaFetcher(ReplicateService replicate) {
        this.replicate = replicate;
    }

    /** @throws ReplicateNotFoundException when Replicate knows no such model, version or deployment */
    Fetched fetch(ModelRef ref) {
        if (ref instanceof ModelRef.OfficialModel model) {
            ReplicateModel found = replicate.getModel(model.owner(), model.name());
            if (found.latestVersion() == null || found.latestVersion().openapiSchema() == null) {
                throw new ReplicateNotFoundException(model.canonical() + " has no version to run");
            }
            return new Fetched(
                    model.canonical(),
                    found.latestVersion().id(),
                    found.latestVersion().openapiSchema());
        }
        if (ref instanceof ModelRef.Deployment deployment) {
            ReplicateDeployment found = replicate.getDeployment(deployment.owner(), deployment.name());
            if (found.currentRelease() == null || found.currentRelease().model() == null) {
                throw new ReplicateNotFoundException(deployment.canonical() + " has no release");
            }
            String[] model = found.currentRelease().model().split("/", 2);
            String version = found.currentRelease().version();
            return new Fetched(
                    found.currentRelease().model(),
                    version,
                    replicate.getModelVersion(model[0], model[1], version).openapiSchema());
        }
        ModelRef.ModelVersion version = (ModelRef.ModelVersion) ref;
        if (version.owner() == null) {
            throw new IllegalArgumentException("a bare version id names no model to ask for its schema");
        }
        return new Fetched(
                version.owner() + "/" + version.name(),
                version.versionId(),
                replicate
                        .getModelVersion(version.owner(), version.name(), version.versionId())
                        .openapiSchema());
    }
}
