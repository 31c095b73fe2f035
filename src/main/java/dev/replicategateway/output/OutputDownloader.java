package dev.replicategateway.output;

import dev.replicategateway.common.ImageFormat;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fetches one output: only from an allowed host, never following redirects, at most {@code maxBytes}
 * within {@code timeout} for the whole body, and only when its bytes are a PNG, JPEG, WebP or GIF (of
 * the requested format, when one was requested): anything else, an SVG with script in it or an HTML
 * page labelled as an image, would be served from this service's own origin.
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
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "output-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final List<String> allowedHosts;
    private final Supplier<String> apiHost;
    private final long maxBytes;
    private final Duration timeout;

    OutputDownloader(List<String> allowedHosts, Supplier<String> apiHost, long maxBytes, Duration timeout) {
        this.allowedHosts = allowedHosts;
        this.apiHost = apiHost;
        this.maxBytes = maxBytes;
        this.timeout = timeout;
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
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new Rejected("output of " + declared + " bytes is over the limit of " + maxBytes);
            }
            // A body that stalls is cut at the deadline: closing the stream ends the blocked read.
            ScheduledFuture<?> cut =
                    WATCHDOG.schedule(() -> closeQuietly(body), timeout.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] content;
            try {
                content = readAtMost(body, deadline);
            } catch (IOException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("the output's download took longer than " + timeout, e);
                }
                throw e;
            } finally {
                cut.cancel(false);
            }
            ImageFormat format = ImageFormat.detect(content)
                    .orElseThrow(() -> new Rejected("output is not a PNG, JPEG, WebP or GIF image"));
            ImageFormat expected = ImageFormat.ofName(expectedFormat).orElse(null);
            if (expected != null && format != expected) {
                throw new Rejected("output is " + format.mediaType() + " but " + expectedFormat + " was requested");
            }
            return new Downloaded(content, format.mediaType());
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private byte[] readAtMost(InputStream body, long deadlineNanos) throws IOException, Rejected {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = body.read(buffer)) > 0) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IOException("the output's download took longer than " + timeout);
            }
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
}
