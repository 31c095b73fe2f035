package dev.replicategateway.catalog;

/**
 * Whether the current caller may see a model's schema and versions: a model another caller trained here
 * is theirs to read as much as to run. Implemented where callers' models are known; without an
 * implementation every model may be read.
 */
public interface ModelVisibility {

    /**
     * @param model {@code owner/name} or {@code owner/name:version}
     * @throws dev.replicategateway.web.ApiProblem when the current caller may not read it
     */
    void checkMayRead(String model);
}
