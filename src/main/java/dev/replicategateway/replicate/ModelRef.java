package dev.replicategateway.replicate;

import java.util.regex.Pattern;

/**
 * What a create call runs, and so which route it takes: an official model ({@code owner/name}), a model
 * version ({@code owner/name:version} or a bare 64-hex version id) or a deployment
 * ({@code deployments/owner/name}).
 */
public sealed interface ModelRef {

    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    Pattern VERSION_ID = Pattern.compile("[0-9a-f]{64}");

    /** The reference as a user writes it; {@link #parse} reads it back. */
    String canonical();

    record OfficialModel(String owner, String name) implements ModelRef {
        public String canonical() {
            return owner + "/" + name;
        }
    }

    /** A version; owner and name are null when only the bare version id is known. */
    record ModelVersion(String owner, String name, String versionId) implements ModelRef {
        public String canonical() {
            return owner == null ? versionId : owner + "/" + name + ":" + versionId;
        }
    }

    record Deployment(String owner, String name) implements ModelRef {
        public String canonical() {
            return "deployments/" + owner + "/" + name;
        }
    }

    /**
     * Reads a model reference.
     *
     * @throws IllegalArgumentException with a message fit for a user when it is not one
     */
    static ModelRef parse(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("model reference is empty");
        }
        String value = ref.trim();
        if (VERSION_ID.matcher(value).matches()) {
            return new ModelVersion(null, null, value);
        }
        if (value.startsWith("deployments/")) {
            String[] parts = value.substring("deployments/".length()).split("/", -1);
            requireNames(ref, parts);
            return new Deployment(parts[0], parts[1]);
        }
        int colon = value.indexOf(':');
        String path = colon < 0 ? value : value.substring(0, colon);
        String[] parts = path.split("/", -1);
        requireNames(ref, parts);
        if (colon < 0) {
            return new OfficialModel(parts[0], parts[1]);
        }
        String version = value.substring(colon + 1);
        if (!VERSION_ID.matcher(version).matches()) {
            throw new IllegalArgumentException("model version must be 64 lowercase hex characters");
        }
        return new ModelVersion(parts[0], parts[1], version);
    }

    private static void requireNames(String ref, String[] parts) {
        if (parts.length != 2
                || !NAME.matcher(parts[0]).matches()
                || !NAME.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException(
                    "model must be owner/name, owner/name:version, a version id or deployments/owner/name");
        }
    }
}
