package dev.replicategateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.replicategateway.support.PostgresSchema;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway JVMs on one PostgreSQL, a stand-in Replicate whose answers are slow (longer than the
 * lease), lost, refused or throttled for longer than the lease, and one gateway killed with SIGKILL
 * mid-flight: every accepted prediction ends succeeded, and Replicate was asked to create each exactly once. Needs the PostgreSQL of
 * {@code -Dpostgres.url} (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user postgres).
 */
class TwoInstancesKillNineCrashIT {

    private static final String KEY = "chaos-test-key-0123456789";
    private static final int PER_INSTANCE = 30;

    @TempDir
    Path work;

    private AppProcess standIn;
    private AppProcess first;
    private AppProcess second;

    @BeforeEach
    void startReplicateStandIn() throws Exception {
        standIn = AppProcess.startStandIn(
                work.resolve("stand-in"),
                // Slow answers and 429 pauses outlive the gateways' 6 s lease; cut connections lose a
                // create's answer after it was made.
                "--replicate.simulator.faults.slow-rate=0.25",
                "--replicate.simulator.faults.slow-delay=8s",
                "--replicate.simulator.faults.create-throttle-rate=0.1",
                "--replicate.simulator.faults.create-throttle-retry-after=8s",
                "--replicate.simulator.faults.drop-connection-rate=0.1",
                "--replicate.simulator.faults.server-error-rate=0.05");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AppProcess app : new AppProcess[] {first, second, standIn}) {
            if (app != null) {
                app.close();
                app.keepLog(Path.of("target", "crash-logs", getClass().getSimpleName()));
            }
        }
    }

    @Test
    void aKilledInstanceLosesNothingAndNothingIsCreatedTwice() throws Exception {
        String schema = PostgresSchema.fresh("gw_chaos_");
        first = AppProcess.start(work.resolve("first"), "first", gatewayArguments(schema));
        second = AppProcess.start(work.resolve("second"), "second", gatewayArguments(schema));
        Instant started = Instant.now();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PER_INSTANCE; i++) {
            ids.add(accept(first, i));
            ids.add(accept(second, PER_INSTANCE + i));
        }
        Thread.sleep(2_000);
        first.kill();
        Thread.sleep(3_000);
        first.restart();

        try {
            await().atMost(360, TimeUnit.SECONDS)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> notSucceeded(ids).isEmpty());
        } catch (ConditionTimeoutException e) {
            // CI keeps only this output: tell each stuck prediction's story from both gateways' logs.
            for (Map.Entry<String, String> stuck : notSucceeded(ids).entrySet()) {
                String id = stuck.getKey();
                System.out.println("not succeeded: " + id + " (" + stuck.getValue() + ")");
                for (AppProcess gateway : new AppProcess[] {first, second}) {
                    gateway.linesMentioning(id, 15).forEach(line -> System.out.println("  " + line));
                }
            }
            throw e;
        }
        JsonNode stats = standIn.json("/simulator/admin/stats", null);
        System.out.printf(
                "two instances, one killed: %d accepted, all succeeded after %d s; stand-in created %d, requests %s%n",
                ids.size(),
                Duration.between(started, Instant.now()).toSeconds(),
                stats.path("predictions").asInt(),
                stats.path("requests"));
        assertThat(stats.path("predictions").asInt())
                .as("created upstream exactly once each")
                .isEqualTo(ids.size());
    }

    /** Each prediction not yet succeeded, with its status, as the surviving instance reports it. */
    private Map<String, String> notSucceeded(List<String> ids) throws Exception {
        Map<String, String> stuck = new LinkedHashMap<>();
        for (String id : ids) {
            String status =
                    second.json("/predictions/" + id, KEY).path("status").asText();
            if (!"succeeded".equals(status)) {
                stuck.put(id, status);
            }
        }
        return stuck;
    }

    private String accept(AppProcess gateway, int n) throws Exception {
        HttpResponse<String> accepted =
                gateway.post("/generate", "{\"prompt\":\"chaos " + n + "\",\"model\":\"flux-schnell\"}", KEY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return AppProcess.JSON.readTree(accepted.body()).path("id").asText();
    }

    private String[] gatewayArguments(String schema) {
        return new String[] {
            "--replicate.api-token=r8_chaos_test",
            "--replicate.base-url=" + standIn.base() + "/simulator/v1",
            "--replicate.read-timeout=10s",
            "--gateway.callers.api-keys=chaos:" + KEY,
            "--gateway.callers.quota.requests-per-minute=100000",
            "--gateway.lifecycle.lease=6s",
            "--gateway.lifecycle.poll.round-budget=3s",
            "--gateway.lifecycle.submit.reconcile-after=2s",
            // At this fault rate the breaker opens, and its half-open probes fail a third of the time: at
            // the default 30 s a few reopenings, with a lost create whose searches fail six times in a
            // row, outlast a 240 s wait (a clean-clone CI run failed so). The breaker's timing is not
            // what this test proves; a short one keeps it from being the clock.
            "--replicate.circuit-breaker.open-for=3s",
            "--spring.datasource.url=" + PostgresSchema.url() + "?currentSchema=" + schema,
            "--spring.datasource.username=" + PostgresSchema.user(),
            "--spring.flyway.schemas=" + schema,
            "--dotenv.enabled=false"
        };
    }
}
