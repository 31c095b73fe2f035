package dev.replicategateway.catalog;

/**
 * A model a request names, resolved: the reference a create is sent with, the model it prices and
 * shows as ({@code owner/name}), the version, and the schema its input is validated against (null only
 * when it could not be had and the operator allows unvalidated inputs).
 *
 * @param alias the catalog's alias, when the request named one
 * @param ref the reference sent to Replicate
 * @param name {@code owner/name} of the model that runs (a deployment's current model)
 * @param versionId the version that runs, when known
 */
public record ResolvedModel(String alias, String ref, String name, String versionId, ModelSchema schema) {

    public boolean validated() {
        return schema != null;
    }
}
