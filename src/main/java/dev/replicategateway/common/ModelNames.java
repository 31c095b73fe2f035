package dev.replicategateway.common;

import java.util.Locale;

/** Model references as callers write them and the store keeps them. */
public final class ModelNames {

    private ModelNames() {}

    /** {@code owner/name} of {@code owner/name:version}; any other reference unchanged. */
    public static String withoutVersion(String reference) {
        int colon = reference.indexOf(':');
        return colon < 0 ? reference : reference.substring(0, colon);
    }

    /**
     * {@code owner/name} as the store keys it, whatever case it was written in: in lower case, as
     * Replicate's names are. Names are ASCII, so no locale's rules apply.
     */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
