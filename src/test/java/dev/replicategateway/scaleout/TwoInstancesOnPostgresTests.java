package dev.replicategateway.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.replicategateway.ReplicateGatewayApplication;
import dev.replicategateway.support.FakeS3;
import dev.replicategateway.support.PostgresSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application instances on one PostgreSQL, one simulated Replicate (served by instance A) and one
 * S3-compatible bucket: the work is shared through the store alone (SKIP LOCKED claims with leases,
 * unique idempotency keys), and kept outputs through the bucket.
 */
@Tag("postgres")
class TwoInstancesOnPostgresTests {

    private final String schema = PostgresSchema.fresh("gw_scale_");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ConfigurableApplicationContext a;
    private ConfigurableApplicationContext b;

    private final FakeS3 bucket = new FakeS3("shared-outputs", "AKIASCALE");
    private final MockWebServer bucketServer = new MockWebServer();

    @BeforeEach
    void startTwoInstances() throws Exception {
        bucketServer.setDispatcher(bucket);
        bucketServer.start(0);
        a = start("a", "--replicate.simulator.enabled=true");
        b = start(
                "b",
                "--replicate.simulator.enabled=false",
                "--replicate.api-token=r8_instance_b",
                "--gateway.callers.allow-open=true",
                "--replicate.base-url=http://127.0.0.1:" + port(a) + "/simulator/v1");
    }

    @AfterEach
    void stop() {
        if (b != null && b.isActive()) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        bucketServer.close();
    }

    @Test
    void fiveHundredGeneratesOverBothInstancesAreCreatedExactlyOnceAndAllFinish() throws Exception {
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                calls.add(() -> generate(
                        n % 2 == 0 ? a : b, "{\"prompt\":\"scale " + n + "\",\"model\":\"flux-schnell\"}", null));
            }
            for (Future<String> id : pool.invokeAll(calls)) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        awaitAllFinal(a, ids, 180);
        assertThat(upstreamPredictions()).isEqualTo(500);
        assertThat(ids).allSatisfy(id -> assertThat(
                        get(b, "/predictions/" + id).path("status").asText())
                .isEqualTo("succeeded"));
    }

    @Test
    void whenOneInstanceShutsDownGracefullyTheOtherFinishesItsWork() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(generate(
                    b, "{\"prompt\":\"handover " + i + "\",\"model\":\"flux-dev\",\"num_inference_steps\":50}", null));
        }
        Thread.sleep(700);
        b.close();
        awaitAllFinal(a, ids, 120);
        assertThat(upstreamPredictions()).isEqualTo(40);
    }

    @Test
    void whenOneInstanceLosesItsStoreMidFlightTheOtherTakesOverOnceItsLeasesExpire() throws Exception {
        // Slow answers: b is in the middle of creates (made upstream, not yet answered) when it dies.
        setFaults("{\"slow_rate\":1.0,\"slow_delay\":\"4s\"}");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(generate(
                    b, "{\"prompt\":\"orphan " + i + "\",\"model\":\"flux-dev\",\"num_inference_steps\":50}", null));
        }
        Thread.sleep(700);
        // Like a crash: b can neither finish nor give back what it holds; its leases have to run out.
        b.getBean(HikariDataSource.class).close();
        Integer held = JdbcClient.create(a.getBean(DataSource.class))
                .sql("select count(*) from predictions where claimed_by = 'b' and claimed_until > :now")
                .param("now", OffsetDateTime.now(ZoneOffset.UTC))
                .query(Integer.class)
                .single();
        b.close();
        setFaults("{}");

        awaitAllFinal(a, ids, 120);
        assertThat(upstreamPredictions()).isEqualTo(40);
        assertThat(held).as("rows b still held when it died").isPositive();
    }

    @Test
    void aCreateThrottledForLongerThanTheLeaseIsCreatedOnceAcrossBothInstances() throws Exception {
        // The schema is fetched before the storm, so that only the create meets the 429s.
        assertThat(get(a, "/models/flux-schnell").path("inputs").isArray()).isTrue();
        setFaults("{\"throttle_rate\":1.0,\"throttle_retry_after\":\"30s\"}");
        String id = generate(a, "{\"prompt\":\"throttled\",\"model\":\"flux-schnell\"}", null);
        Thread.sleep(8_000); // longer than the 6 s lease: both instances have had the row
        setFaults("{}");

        awaitAllFinal(b, List.of(id), 120);
        assertThat(upstreamPredictions()).isEqualTo(1);
        assertThat(get(a, "/predictions/" + id).path("replicate_id").asText()).isNotBlank();
    }

    @Test
    void identicalIdempotencyKeysRacingOnBothInstancesMakeOnePrediction() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        Set<String> ids = new HashSet<>();
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ConfigurableApplicationContext target = i % 2 == 0 ? a : b;
                calls.add(() -> generate(target, "{\"prompt\":\"one click\"}", "click-42"));
            }
            for (Future<String> id : pool.invokeAll(calls)) {
                ids.add(id.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(1);
        awaitAllFinal(a, List.copyOf(ids), 60);
        assertThat(upstreamPredictions()).isEqualTo(1);
    }

    @Test
    void anOutputKeptByOneInstanceIsServedByBothThroughEitherInstancesSignedLink() throws Exception {
        String id = generate(a, "{\"prompt\":\"shared output\",\"model\":\"flux-schnell\"}", null);
        awaitAllFinal(b, List.of(id), 60);
        await().atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        get(b, "/predictions/" + id).path("outputs_persisted").asBoolean());
        assertThat(bucket.object("outputs/" + id + "/0")).isNotNull();

        String linkFromA = get(a, "/predictions/" + id).path("output").get(0).asText();
        String linkFromB = get(b, "/predictions/" + id).path("output").get(0).asText();
        byte[] kept = bucket.object("outputs/" + id + "/0").content();
        for (var instance : List.of(a, b)) {
            for (String link : List.of(linkFromA, linkFromB)) {
                HttpResponse<byte[]> image = http.send(
                        HttpRequest.newBuilder(URI.create(base(instance) + link))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(image.statusCode()).as(link).isEqualTo(200);
                assertThat(image.body()).isEqualTo(kept);
            }
        }
    }

    @Test
    void anEventStreamOpenedOnOneInstanceFollowsARequestMadeOnTheOtherToItsFinalState() throws Exception {
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(URI.create(base(a) + "/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"prompt\":\"watched elsewhere\",\"model\":\"flux-dev\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String events =
                json.readTree(accepted.body()).path("links").path("events").asText();

        HttpResponse<Stream<String>> stream = http.send(
                HttpRequest.newBuilder(URI.create(base(b) + events))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> states = stream.body()
                .filter(line -> line.startsWith("data:{"))
                .map(line -> line.replaceFirst(".*\"status\":\"([a-z]+)\".*", "$1"))
                .toList();
        assertThat(states).first().isEqualTo("queued");
        assertThat(states).last().isEqualTo("succeeded");
    }

    private ConfigurableApplicationContext start(String instance, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + PostgresSchema.url() + "?currentSchema=" + schema,
                "--spring.datasource.username=" + PostgresSchema.user(),
                "--spring.flyway.schemas=" + schema,
                "--dotenv.enabled=false",
                "--gateway.lifecycle.instance-id=" + instance,
                "--gateway.lifecycle.lease=6s",
                "--gateway.lifecycle.poll.round-budget=2s",
                "--gateway.lifecycle.submit.interval=50ms",
                "--gateway.lifecycle.submit.reconcile-after=500ms",
                "--gateway.lifecycle.poll.interval=100ms",
                "--gateway.callers.quota.requests-per-minute=1000000",
                "--gateway.callers.quota.predictions-per-day=1000000",
                "--replicate.simulator.time-scale=0.02",
                "--gateway.outputs.store=s3",
                "--gateway.outputs.s3.bucket=shared-outputs",
                "--gateway.outputs.s3.endpoint=" + bucketServer.url("/"),
                "--gateway.outputs.s3.path-style=true",
                "--gateway.outputs.s3.access-key-id=AKIASCALE",
                "--gateway.outputs.s3.secret-access-key=scale-secret",
                "--logging.level.root=WARN"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(ReplicateGatewayApplication.class).run(args.toArray(String[]::new));
    }

    private void setFaults(String faults) throws Exception {
        HttpResponse<String> answer = http.send(
                HttpRequest.newBuilder(URI.create(base(a) + "/simulator/admin/faults"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(faults))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private String generate(ConfigurableApplicationContext instance, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(instance) + "/generate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("id").asText();
    }

    private void awaitAllFinal(ConfigurableApplicationContext instance, List<String> ids, int seconds) {
        await().atMost(seconds, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        assertThat(get(instance, "/predictions/" + id)
                                        .path("status")
                                        .asText())
                                .as(id)
                                .isEqualTo("succeeded");
                    }
                });
    }

    private int upstreamPredictions() throws Exception {
        HttpResponse<String> stats = http.send(
                HttpRequest.newBuilder(URI.create(base(a) + "/simulator/admin/stats"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(stats.body()).path("predictions").asInt();
    }

    private JsonNode get(ConfigurableApplicationContext instance, String path) {
        try {
            return json.readTree(http.send(
                            HttpRequest.newBuilder(URI.create(base(instance) + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base(ConfigurableApplicationContext instance) {
        return "http://127.0.0.1:" + port(instance);
    }

    private static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
