import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many concurrent event streams on one gateway: starts PREDICTIONS long predictions, opens STREAMS
 * streams spread over them, and measures how late each state event arrives after the change it tells
 * about (its {@code at}; events that happened before the stream opened are not counted). Run with a JDK 21+: {@code java bench/SseLoad.java BASE STREAMS PREDICTIONS MARKER}.
 * Writes MARKER once every stream is open (the script reads the heap then), prints one summary line.
 */
public class SseLoad {

    private static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int streams = Integer.parseInt(args[1]);
        int predictions = Integer.parseInt(args[2]);
        Path marker = Path.of(args[3]);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .build();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < predictions; i++) {
            HttpResponse<String> accepted = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/generate"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"prompt\":\"watched " + i + "\",\"model\":\"flux-dev\",\"num_inference_steps\":50}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(accepted.body());
            if (accepted.statusCode() != 202 || !id.find()) {
                throw new IllegalStateException("not accepted: " + accepted.statusCode() + " " + accepted.body());
            }
            ids.add(id.group(1));
        }

        ConcurrentLinkedQueue<Long> lateness = new ConcurrentLinkedQueue<>();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(streams);
        long openStart = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            String id = ids.get(i % ids.size());
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/predictions/" + id + "/events"))
                    .header("Accept", "text/event-stream")
                    .build();
            CompletableFuture<HttpResponse<Void>> response =
                    http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(lateness, open)));
            response.whenComplete((answer, error) -> {
                if (error != null || answer.statusCode() != 200) {
                    failed.incrementAndGet();
                } else {
                    finished.incrementAndGet();
                }
                done.countDown();
            });
            if (i % 500 == 499) {
                Thread.sleep(50); // a burst of connects at this size overflows the accept queue
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (open.get() + failed.get() < streams && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        long openedIn = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openStart);
        int openAtOnce = open.get();
        Files.writeString(marker, String.valueOf(openAtOnce));
        done.await(10, TimeUnit.MINUTES);

        List<Long> sorted = new ArrayList<>(lateness);
        Collections.sort(sorted);
        System.out.printf(
                "streams %d (open at once %d in %d ms), ended with the final state %d, failed %d; "
                        + "state events %d, lateness p50 %d ms, p99 %d ms, max %d ms%n",
                streams, openAtOnce, openedIn, finished.get(), failed.get(), sorted.size(), at(sorted, 0.50),
                at(sorted, 0.99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
    }

    /** One stream's lines: counts it open at its first line, and times each state event. */
    private static final class Lines implements Flow.Subscriber<String> {
        private final ConcurrentLinkedQueue<Long> lateness;
        private final AtomicInteger open;
        private boolean counted;
        private boolean state;
        private Instant openedAt;

        Lines(ConcurrentLinkedQueue<Long> lateness, AtomicInteger open) {
            this.lateness = lateness;
            this.open = open;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!counted) {
                counted = true;
                openedAt = Instant.now();
                open.incrementAndGet();
            }
            if (line.startsWith("event:")) {
                state = line.substring(6).trim().equals("state");
            } else if (state && line.startsWith("data:")) {
                Matcher at = AT.matcher(line);
                // Events replayed from before the stream opened are history, not lateness.
                if (at.find() && Instant.parse(at.group(1)).isAfter(openedAt)) {
                    lateness.add(Duration.between(Instant.parse(at.group(1)), Instant.now()).toMillis());
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {}

        @Override
        public void onComplete() {}
    }
}
