package dev.replicategateway.common;

/** Model references as callers write them and the store keeps them. */
public final class ModelNames {

    private ModelNames() {}

    /** {@code owner/name} of {@code owner/name:version}; any other reference unchanged. */
    public static String withoutVersion(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }
}
