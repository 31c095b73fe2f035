package dev.replicategateway.prediction;

import dev.replicategateway.support.FakeReplicate;
import dev.replicategateway.support.MutableClock;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A full application against a scripted Replicate (MockWebServer), with the clock and the submitter
 * and poller driven by the test.
 */
@SpringBootTest(
        properties = {
            "replicate.api-token=r8_lifecycle_test",
            "replicate.read-timeout=400ms",
            "replicate.retry.max-retry-after=1s",
            "gateway.lifecycle.submit.reconcile-after=10s"
        })
@AutoConfigureMockMvc
@ActiveProfiles("test")
@Import(LifecycleTestSupport.Clocks.class)
abstract class LifecycleTestSupport {

    protected static final MockWebServer server = new MockWebServer();
    protected static final FakeReplicate replicate = new FakeReplicate();

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected Submitter submitter;

    @Autowired
    protected Poller poller;

    @Autowired
    protected PredictionRows rows;

    @Autowired
    protected PredictionEvents eventLog;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @BeforeEach
    void resetReplicateAndStore() {
        replicate.reset();
        replicate.useClock(clock);
        jdbc.sql("delete from prediction_events").update();
        jdbc.sql("delete from prediction_outputs").update();
        jdbc.sql("delete from idempotency_keys").update();
        jdbc.sql("delete from predictions").update();
    }

    @DynamicPropertySource
    static void replicateUrl(DynamicPropertyRegistry registry) throws IOException {
        if (!server.getStarted()) {
            server.setDispatcher(replicate);
            server.start(0);
        }
        registry.add("replicate.base-url", () -> server.url("/v1").toString());
    }

    protected Prediction stored(String id) {
        return rows.findById(id).orElseThrow();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return MutableClock.startingNow();
        }
    }
}
