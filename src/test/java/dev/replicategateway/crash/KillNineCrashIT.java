package dev.replicategateway.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged work survives {@code kill -9} of the process on the embedded store, with the H2 URL an
 * operator would write. A stand-in Replicate (the packaged app in simulator mode) runs in a JVM of its
 * own, so it outlives the gateway that is killed, and counts what was created.
 */
class KillNineCrashIT {

    private static final String KEY = "crash-test-key-0123456789";
    private static final int ACCEPTED = 20;

    @TempDir
    Path work;

    private AppProcess standIn;
    private AppProcess gateway;

    @BeforeEach
    void startReplicateStandIn() throws Exception {
        standIn = AppProcess.startStandIn(work.resolve("stand-in"));
    }

    @AfterEach
    void stopBoth() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        standIn.close();
    }

    @Test
    void onTheDefaultStoreEveryAcceptedPredictionSurvivesAKillAtOnce() throws Exception {
        gateway = AppProcess.start(work.resolve("gateway"), "gateway", gatewayArguments());
        acceptKillRestartAndSeeAllSucceed();
    }

    @Test
    void onAnH2UrlTheOperatorWroteEveryAcceptedPredictionSurvivesAKillAtOnce() throws Exception {
        List<String> arguments = new ArrayList<>(List.of(gatewayArguments()));
        arguments.add("--spring.datasource.url=jdbc:h2:file:"
                + work.resolve("var").resolve("gw").toAbsolutePath());
        gateway = AppProcess.start(work.resolve("gateway"), "gateway", arguments.toArray(String[]::new));
        acceptKillRestartAndSeeAllSucceed();
    }

    private String[] gatewayArguments() {
        return new String[] {
            "--replicate.api-token=r8_crash_test",
            "--replicate.base-url=" + standIn.base() + "/simulator/v1",
            "--gateway.callers.api-keys=crash:" + KEY,
            "--dotenv.enabled=false"
        };
    }

    private void acceptKillRestartAndSeeAllSucceed() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ACCEPTED; i++) {
            HttpResponse<String> accepted =
                    gateway.post("/generate", "{\"prompt\":\"survive " + i + "\",\"model\":\"flux-schnell\"}", KEY);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            ids.add(AppProcess.JSON.readTree(accepted.body()).path("id").asText());
        }
        gateway.kill();

        gateway.restart();

        await().atMost(90, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        assertThat(gateway.json("/predictions/" + id, KEY)
                                        .path("status")
                                        .asText())
                                .as(id)
                                .isEqualTo("succeeded");
                    }
                });
        assertThat(standIn.json("/simulator/admin/stats", null)
                        .path("predictions")
                        .asInt())
                .as("created upstream exactly once each")
                .isEqualTo(ACCEPTED);
    }
}
