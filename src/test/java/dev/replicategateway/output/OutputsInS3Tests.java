package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import dev.replicategateway.support.FakeReplicate;
import dev.replicategateway.support.FakeS3;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Outputs kept in an S3-compatible bucket: written there, served from there, health reports it. */
class OutputsInS3Tests extends LifecycleTestAccess {

    static final MockWebServer bucketServer = new MockWebServer();
    static final FakeS3 s3 = new FakeS3("gateway-outputs", "AKIAGATEWAY");

    @Autowired
    OutputKeeper keeper;

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) throws IOException {
        if (!bucketServer.getStarted()) {
            bucketServer.setDispatcher(s3);
            bucketServer.start(0);
        }
        registry.add("gateway.outputs.store", () -> "s3");
        registry.add("gateway.callers.admin-key", () -> ADMIN.substring("Bearer ".length()));
        registry.add("gateway.outputs.s3.bucket", () -> "gateway-outputs");
        registry.add("gateway.outputs.s3.endpoint", () -> bucketServer.url("/").toString());
        registry.add("gateway.outputs.s3.path-style", () -> "true");
        registry.add("gateway.outputs.s3.access-key-id", () -> "AKIAGATEWAY");
        registry.add("gateway.outputs.s3.secret-access-key", () -> "s3-secret-kept-out-of-sight");
    }

    @BeforeEach
    void emptyBucket() {
        s3.reset();
    }

    @Test
    void aSucceededPredictionsOutputIsKeptInTheBucketAndServedFromIt() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/a.png").toString()));
        keeper.copyDue();

        assertThat(s3.object("outputs/" + id + "/0").content()).isEqualTo(FakeReplicate.PNG);
        assertThat(s3.object("outputs/" + id + "/0").contentType()).isEqualTo("image/png");
        String link = JsonPath.read(
                mvc.perform(get("/predictions/" + id))
                        .andExpect(jsonPath("$.outputs_persisted").value(true))
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.output[0]");
        mvc.perform(get(link))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/png"))
                .andExpect(header().exists("ETag"))
                .andExpect(content().bytes(FakeReplicate.PNG));
    }

    @Test
    void aBucketOutageDelaysTheCopyUntilTheStoreIsBack() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/b.png").toString()));
        s3.failNext(50);
        keeper.copyDue();
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(false));
        assertThat(jdbc.sql("select error from prediction_outputs where prediction_id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .contains("gateway-outputs")
                .doesNotContain("s3-secret-kept-out-of-sight");

        s3.failNext(0);
        clock.advance(Duration.ofSeconds(3));
        assertThat(keeper.copyDue()).isEqualTo(1);
        mvc.perform(get("/predictions/" + id))
                .andExpect(jsonPath("$.outputs_persisted").value(true));
    }

    @Test
    void anOutputRecordedAsKeptButGoneFromTheBucketIsNotFoundAndAnUnreachableBucketIs503() throws Exception {
        String id = succeededWith(null, List.of(server.url("/delivery/c.png").toString()));
        keeper.copyDue();
        String link = JsonPath.read(
                mvc.perform(get("/predictions/" + id)).andReturn().getResponse().getContentAsString(), "$.output[0]");

        s3.failNext(50);
        mvc.perform(get(link))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("/problems/output-store-unavailable"));
        s3.reset();
        mvc.perform(get(link)).andExpect(status().isNotFound());
    }

    private static final String ADMIN = "Bearer s3-tests-admin-key-0123456789abcdef";

    @Test
    void healthShowsTheBucketAndNeverTheSecret() throws Exception {
        mvc.perform(get("/actuator/health").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.components.outputStore.status").value("UP"))
                .andExpect(jsonPath("$.components.outputStore.details.store").value("s3"))
                .andExpect(jsonPath("$.components.outputStore.details.location")
                        .value(Matchers.startsWith("s3://gateway-outputs/outputs/")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("s3-secret-kept-out-of-sight"))));
        s3.failNext(50);
        mvc.perform(get("/actuator/health").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.components.outputStore.status").value("UP"));
        assertThat(s3.requests).as("asked at most every 30 s").containsOnlyOnce("HEAD /gateway-outputs");
        clock.advance(Duration.ofSeconds(31));
        mvc.perform(get("/actuator/health").header("Authorization", ADMIN))
                .andExpect(jsonPath("$.components.outputStore.status").value("DEGRADED"));
    }
}
