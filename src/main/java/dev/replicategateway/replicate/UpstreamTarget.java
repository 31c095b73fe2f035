package dev.replicategateway.replicate;

import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Which Replicate this instance talks to: the real API, or the built-in simulator served by this
 * application (whose port is known only once the server has started, hence the supplier).
 */
public final class UpstreamTarget {

    private final boolean simulated;
    private final Supplier<String> baseUrl;
    private final String token;

    public UpstreamTarget(boolean simulated, Supplier<String> baseUrl, String token) {
        this.simulated = simulated;
        this.baseUrl = baseUrl;
        this.token = token == null ? "" : token;
    }

    public boolean simulated() {
        return simulated;
    }

    public String description() {
        return simulated ? "SIMULATED Replicate (no token, no cost)" : "Replicate";
    }

    /** The API root, without a trailing slash. */
    public HttpUrl baseUrl() {
        return HttpUrl.get(baseUrl.get().replaceAll("/+$", ""));
    }

    /** The API's host name, for checks that must not widen to other hosts. */
    public String host() {
        return baseUrl().host();
    }

    String token() {
        return token;
    }

    @Override
    public String toString() {
        return "UpstreamTarget[" + description() + "]";
    }
}
