package dev.replicategateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway JVMs on one PostgreSQL, a stand-in Replicate whose answers are slow (longer than the
 * lease), lost or refused, and one gateway killed with SIGKILL mid-flight: every accepted prediction
 * ends succeeded, and Replicate was asked to create each exactly once. Needs the PostgreSQL of
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
                // Slow answers outlive the gateways' 2 s lease; cut connections lose a create's answer.
                "--replicate.simulator.faults.slow-rate=0.25",
                "--replicate.simulator.faults.slow-delay=3s",
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
        String schema = "gw_chaos_" + UUID.randomUUID().toString().substring(0, 8);
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

        await().atMost(180, TimeUnit.SECONDS)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        assertThat(second.json("/predictions/" + id, KEY)
                                        .path("status")
                                        .asText())
                                .as(id)
                                .isEqualTo("succeeded");
                    }
                });
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

    private String accept(AppProcess gateway, int n) throws Exception {
        HttpResponse<String> accepted =
                gateway.post("/generate", "{\"prompt\":\"chaos " + n + "\",\"model\":\"flux-schnell\"}", KEY);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return AppProcess.JSON.readTree(accepted.body()).path("id").asText();
    }

    private String[] gatewayArguments(String schema) {
        String url = System.getProperty("postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
        return new String[] {
            "--replicate.api-token=r8_chaos_test",
            "--replicate.base-url=" + standIn.base() + "/simulator/v1",
            "--replicate.read-timeout=10s",
            "--gateway.callers.api-keys=chaos:" + KEY,
            "--gateway.callers.quota.requests-per-minute=100000",
            "--gateway.lifecycle.lease=2s",
            "--gateway.lifecycle.poll.round-budget=1500ms",
            "--gateway.lifecycle.submit.reconcile-after=2s",
            "--spring.datasource.url=" + url + "?currentSchema=" + schema,
            "--spring.datasource.username=" + System.getProperty("postgres.user", "postgres"),
            "--spring.flyway.schemas=" + schema,
            "--dotenv.enabled=false"
        };
    }
}
