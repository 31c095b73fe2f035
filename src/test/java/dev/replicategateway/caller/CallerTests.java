package dev.replicategateway.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=alice:alice-key-0123456789,bob:bob-key-0123456789ab,carol:carol-key-0123456789,erin:erin-key-0123456789,frank:frank-key-0123456789",
            "gateway.callers.quotas.frank.daily-spend-budget=0.06",
            "gateway.callers.admin-key=admin-key-0123456789-0123456789abcdef",
            "gateway.callers.quotas.bob.requests-per-minute=3",
            "gateway.callers.quotas.carol.predictions-per-day=2",
            "gateway.frontend-url=https://app.example.com, http://localhost:3000"
        })
class CallerTests extends LifecycleTestAccess {

    static final String ALICE = "Bearer alice-key-0123456789";
    static final String BOB = "Bearer bob-key-0123456789ab";
    static final String CAROL = "Bearer carol-key-0123456789";
    static final String ERIN = "Bearer erin-key-0123456789";
    static final String FRANK = "Bearer frank-key-0123456789";

    @Test
    void apiCallsNeedAValidKey() throws Exception {
        mvc.perform(generateAs(null))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("/problems/unauthorized"));
        mvc.perform(generateAs("Bearer not-a-key")).andExpect(status().isUnauthorized());
        mvc.perform(generateAs("Basic YWxpY2U6eA==")).andExpect(status().isUnauthorized());
        mvc.perform(generateAs("Bearer ")).andExpect(status().isUnauthorized());
        mvc.perform(get("/predictions")).andExpect(status().isUnauthorized());
        mvc.perform(get("/trainings")).andExpect(status().isUnauthorized());
        assertThat(jdbc.sql("select count(*) from predictions")
                        .query(Long.class)
                        .single())
                .isZero();
        mvc.perform(generateAs(ALICE)).andExpect(status().isAccepted());
    }

    @Test
    void predictionsBelongToTheKeyThatMadeThem() throws Exception {
        String id = idOf(mvc.perform(generateAs(ALICE))
                .andExpect(status().isAccepted())
                .andReturn()
                .getResponse()
                .getContentAsString());
        mvc.perform(get("/predictions/" + id).header("Authorization", ALICE)).andExpect(status().isOk());
        mvc.perform(get("/predictions/" + id).header("Authorization", ERIN)).andExpect(status().isNotFound());
        mvc.perform(post("/predictions/" + id + "/cancel").header("Authorization", ERIN))
                .andExpect(status().isNotFound());
        mvc.perform(get("/predictions").header("Authorization", ERIN))
                .andExpect(jsonPath("$.results.length()").value(0));
        mvc.perform(get("/predictions").header("Authorization", ALICE))
                .andExpect(jsonPath("$.results[0].id").value(id));
        assertThat(stored(id).owner()).isEqualTo("alice");
    }

    @Test
    void requestsOverTheMinuteQuotaGet429WithRateLimitHeaders() throws Exception {
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/predictions").header("Authorization", BOB))
                    .andExpect(status().isOk())
                    .andExpect(header().string("RateLimit-Limit", "3"))
                    .andExpect(header().string("RateLimit-Remaining", String.valueOf(2 - i)));
        }
        mvc.perform(get("/predictions").header("Authorization", BOB))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(header().exists("RateLimit-Reset"))
                .andExpect(header().string("RateLimit-Remaining", "0"))
                .andExpect(jsonPath("$.type").value("/problems/rate-limited"));
        mvc.perform(get("/predictions").header("Authorization", ALICE)).andExpect(status().isOk());
    }

    @Test
    void predictionsOverTheDailyQuotaAreRefusedAndNotStored() throws Exception {
        mvc.perform(generateAs(CAROL)).andExpect(status().isAccepted());
        mvc.perform(generateAs(CAROL)).andExpect(status().isAccepted());
        mvc.perform(generateAs(CAROL))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.title").value("Quota exceeded"));
        mvc.perform(post("/generate/batch")
                        .header("Authorization", ALICE)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"requests\":[{\"prompt\":\"a\"}]}"))
                .andExpect(status().isAccepted());
        assertThat(jdbc.sql("select count(*) from predictions where owner = 'carol'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void healthAndWebhooksNeedNoKeyButTheRestOfTheActuatorNeedsTheAdminKey() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health").header("Authorization", "Bearer admin-key-0123456789-0123456789abcdef"))
                .andExpect(jsonPath("$.components.callers.details.mode").value("API keys required"));
        mvc.perform(post("/webhooks/replicate")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/webhook-signature"));
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/prometheus").header("Authorization", ALICE)).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics").header("Authorization", "Bearer admin-key-0123456789-0123456789abcdef"))
                .andExpect(status().isOk());
    }

    @Test
    void corsAllowsExactlyTheConfiguredOrigins() throws Exception {
        mvc.perform(options("/generate")
                        .header("Origin", "https://app.example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type, idempotency-key"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://app.example.com"));
        mvc.perform(options("/generate")
                        .header("Origin", "https://evil.example.com")
                        .header("Access-Control-Request-Method", "POST"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/predictions")
                        .header("Origin", "http://localhost:3000")
                        .header("Authorization", ALICE))
                .andExpect(header().string("Access-Control-Allow-Origin", "http://localhost:3000"));
    }

    @Test
    void queuedWorkCountsAtItsEstimateSoTheBudgetStopsWorkBeforeItIsPaidFor() throws Exception {
        succeededWith(FRANK, List.of("https://replicate.delivery/f.png"));
        mvc.perform(get("/usage").header("Authorization", FRANK))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.caller").value("frank"))
                .andExpect(jsonPath("$.days[0].lines[0].model").value("black-forest-labs/flux-dev"))
                .andExpect(jsonPath("$.days[0].lines[0].count").value(1))
                .andExpect(jsonPath("$.days[0].lines[0].predict_seconds").value(4.2))
                .andExpect(jsonPath("$.estimated_spend_usd").value(0.025))
                .andExpect(jsonPath("$.daily_spend_budget_usd").value(0.06));

        mvc.perform(generateAs(FRANK)).andExpect(status().isAccepted());
        mvc.perform(generateAs(FRANK))
                .andExpect(status().isPaymentRequired())
                .andExpect(jsonPath("$.type").value("/problems/spend-budget-reached"));

        mvc.perform(get("/usage").header("Authorization", FRANK))
                .andExpect(jsonPath("$.estimated_spend_usd").value(0.05));
        assertThat(replicate.createCalls.get())
                .as("the refused one never reached Replicate")
                .isEqualTo(1);
        mvc.perform(get("/usage").header("Authorization", ALICE))
                .andExpect(jsonPath("$.estimated_spend_usd").value(0.0));
    }

    /** Generates for {@code key} and lets Replicate (4.2 s of compute) and the poller finish it. */
    private static MockHttpServletRequestBuilder generateAs(String authorization) {
        var request = post("/generate").contentType(MediaType.APPLICATION_JSON).content("{\"prompt\":\"keys\"}");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static String idOf(String body) {
        return JsonPath.read(body, "$.id");
    }
}
