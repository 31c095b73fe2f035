package dev.replicategateway.prediction;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.ratelimit.UpstreamBudget;
import dev.replicategateway.ratelimit.UpstreamRateLimiter;
import dev.replicategateway.support.FakeReplicate;
import dev.replicategateway.support.MutableClock;
import dev.replicategateway.training.ModelOwnersForTests;
import java.io.IOException;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/**
 * A full application against a scripted Replicate (MockWebServer), with the clock and the submitter
 * and poller driven by the test.
 */
@SpringBootTest(
        properties = {
            "replicate.api-token=r8_lifecycle_test",
            "gateway.callers.allow-open=true",
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

    @Autowired
    protected UpstreamRateLimiter limiter;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void resetReplicateAndStore() {
        // A 429 of an earlier test paused a budget: let that time pass.
        for (UpstreamBudget budget : UpstreamBudget.values()) {
            clock.advance(limiter.pauseRemaining(budget));
        }
        replicate.reset();
        replicate.useClock(clock);
        jdbc.sql("delete from prediction_events").update();
        jdbc.sql("delete from orphaned_predictions").update();
        jdbc.sql("delete from caller_day_usage").update();
        jdbc.sql("delete from model_owners").update();
        ModelOwnersForTests.forget(context);
        jdbc.sql("delete from upstream_files").update();
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

    /** Posts {@code body} to {@code /generate} and returns the accepted prediction's id. */
    protected String generate(String body) throws Exception {
        return generate(body, null);
    }

    protected String generate(String body, String idempotencyKey) throws Exception {
        var request = MockMvcRequestBuilders.post("/generate")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        var result = mvc.perform(request)
                .andExpect(MockMvcResultMatchers.status().isAccepted())
                .andReturn();
        return JsonPath.read(result.getResponse().getContentAsString(), "$.id");
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
