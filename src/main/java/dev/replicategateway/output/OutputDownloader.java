package dev.replicategateway.output;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Fetches one output: only from an allowed host, never following redirects, at most {@code maxBytes},
 * and only when the answer is an image of the requested format ("validate outputs before returning
 * them to users").
 */
class OutputDownloader {

    /** A download that must not be tried again (bad host, wrong type, too large). */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    record Downloaded(byte[] content, String contentType) {}

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final List<String> allowedHosts;
    private final Supplier<String> apiHost;
    private final long maxBytes;

    OutputDownloader(List<String> allowedHosts, Supplier<String> apiHost, long maxBytes) {
        this.allowedHosts = allowedHosts;
        this.apiHost = apiHost;
        this.maxBytes = maxBytes;
    }

    Downloaded fetch(String url, String expectedFormat) throws Rejected, IOException, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Rejected("not a URL");
        }
        if (!isAllowed(uri)) {
            throw new Rejected("host " + uri.getHost() + " is not an allowed output host");
        }
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status >= 500 || status == 429 || status == 408) {
                throw new IOException("output host answered " + status);
            }
            if (status != 200) {
                throw new Rejected("output host answered " + status);
            }
            String contentType =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            String mediaType = contentType.split(";")[0].trim();
            if (!mediaType.startsWith("image/")) {
                throw new Rejected("output is " + (mediaType.isEmpty() ? "untyped" : mediaType) + ", not an image");
            }
            if (expectedFormat != null && !mediaType.equals(mediaTypeOf(expectedFormat))) {
                throw new Rejected("output is " + mediaType + " but " + expectedFormat + " was requested");
            }
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new Rejected("output of " + declared + " bytes is over the limit of " + maxBytes);
            }
            return new Downloaded(readAtMost(body), mediaType);
        }
    }

    private byte[] readAtMost(InputStream body) throws IOException, Rejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new Rejected("output is over the limit of " + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    boolean isAllowed(URI uri) {
        String host = uri.getHost();
        String scheme = uri.getScheme();
        if (host == null || scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return false;
        }
        if (host.equalsIgnoreCase(apiHost.get())) {
            return true;
        }
        if (!scheme.equals("https")) {
            return false;
        }
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.")
                    ? host.toLowerCase(Locale.ROOT).endsWith(allowed.substring(1))
                    : host.equalsIgnoreCase(allowed)) {
                return true;
            }
        }
        return false;
    }

    static String mediaTypeOf(String format) {
        return switch (format) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            default -> "image/" + format;
        };
    }
}
