package dev.replicategateway.caller;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import java.time.Duration;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.ResultActions;

/** The browser's own credential: minted by the product's backend with its key, scoped to one end user. */
@TestPropertySource(
        properties = {
            "gateway.callers.api-keys=shop:shop-key-0123456789abcdef,other:other-key-0123456789abcd",
            "gateway.callers.admin-key=admin-key-0123456789abcdef0123456789",
            "gateway.tokens.secret=token-signing-secret-0123456789abcdef",
            "gateway.callers.quotas.shop.user.predictions-per-day=2",
            "gateway.frontend-url=https://shop.example"
        })
class ClientTokenTests extends LifecycleTestAccess {

    static final String SHOP = "Bearer shop-key-0123456789abcdef";

    @Autowired
    JdbcClient store;

    @Test
    void theBackendMintsATokenForOneUserThatExpiresWhenAsked() throws Exception {
        mvc.perform(post("/tokens")
                        .header("Authorization", SHOP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"user\":\"u-1\",\"ttl\":\"10m\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.token").value(Matchers.startsWith("gwt_")))
                .andExpect(jsonPath("$.user").value("u-1"))
                .andExpect(jsonPath("$.expires_at")
                        .value(Matchers.startsWith(clock.instant()
                                .plus(Duration.ofMinutes(10))
                                .toString()
                                .substring(0, 13))));
        mvc.perform(post("/tokens")
                        .header("Authorization", SHOP)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"ttl\":\"2h\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ttl"));
    }

    @Test
    void aTokenOpensTheApiARouteAtATimeButNeitherTokensNorTheActuator() throws Exception {
        String token = "Bearer " + mint("u-1");

        mvc.perform(post("/generate")
                        .header("Authorization", token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"prompt\":\"x\",\"model\":\"flux-schnell\"}"))
                .andExpect(status().isAccepted());
        mvc.perform(get("/predictions").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(get("/models/flux-schnell").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(get("/trainings").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(get("/usage").header("Authorization", token)).andExpect(status().isOk());
        mvc.perform(post("/tokens")
                        .header("Authorization", token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actuator/metrics").header("Authorization", token)).andExpect(status().is4xxClientError());
        mvc.perform(get("/v1/predictions").header("Authorization", token)).andExpect(status().isForbidden());
    }

    @Test
    void anExpiredOrAlteredTokenIsA401WithItsOwnType() throws Exception {
        String token = mint("u-1", "10s");
        clock.advance(Duration.ofSeconds(30));

        mvc.perform(get("/predictions").header("Authorization", "Bearer " + token))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/token-invalid"))
                .andExpect(jsonPath("$.title").value("Token expired"));
        String fresh = mint("u-1");
        String altered = fresh.substring(0, fresh.length() - 2) + (fresh.endsWith("A") ? "BB" : "AA");
        mvc.perform(get("/predictions").header("Authorization", "Bearer " + altered))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/token-invalid"));
    }

    @Test
    void aTokenOfACallerWhoseKeysAreAllGoneNoLongerWorks() throws Exception {
        ClientTokens sameSecret = new ClientTokens(
                new TokenProperties(
                        "token-signing-secret-0123456789abcdef", Duration.ofMinutes(15), Duration.ofHours(1)),
                store,
                clock);
        String formerCaller =
                sameSecret.mint("gone", "u-1", Duration.ofMinutes(5)).token();

        mvc.perform(get("/predictions").header("Authorization", "Bearer " + formerCaller))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("/problems/token-invalid"));
        mvc.perform(get("/predictions")
                        .header(
                                "Authorization",
                                "Bearer "
                                        + sameSecret
                                                .mint("shop", "u-1", Duration.ofMinutes(5))
                                                .token()))
                .andExpect(status().isOk());
    }

    @Test
    void withATokenAUserSeesOnlyTheirOwnWorkAndTheKeyHolderSeesAllOrOne() throws Exception {
        String one = id(generateAs("Bearer " + mint("u-1")));
        String two = id(generateAs("Bearer " + mint("u-2")));
        String ownByKey = id(generateAs(SHOP));

        mvc.perform(get("/predictions").header("Authorization", "Bearer " + mint("u-1")))
                .andExpect(jsonPath("$.results[*].id").value(Matchers.contains(one)));
        mvc.perform(get("/predictions/" + two).header("Authorization", "Bearer " + mint("u-1")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/predictions/" + one).header("Authorization", "Bearer " + mint("u-1")))
                .andExpect(jsonPath("$.user").value("u-1"));
        mvc.perform(get("/predictions").header("Authorization", SHOP))
                .andExpect(jsonPath("$.results[*].id").value(Matchers.containsInAnyOrder(one, two, ownByKey)));
        mvc.perform(get("/predictions").param("user", "u-2").header("Authorization", SHOP))
                .andExpect(jsonPath("$.results[*].id").value(Matchers.contains(two)));
        mvc.perform(get("/predictions").header("Authorization", "Bearer other-key-0123456789abcd"))
                .andExpect(jsonPath("$.results").isEmpty());
    }

    @Test
    void eachUserHasTheirOwnDailyQuotaAndUsageIsReportedByUser() throws Exception {
        String first = "Bearer " + mint("heavy");
        generateAs(first).andExpect(status().isAccepted());
        generateAs(first).andExpect(status().isAccepted());

        generateAs(first)
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("Each user")));
        generateAs("Bearer " + mint("light")).andExpect(status().isAccepted());
        mvc.perform(get("/usage").header("Authorization", first))
                .andExpect(jsonPath("$.user").value("heavy"))
                .andExpect(jsonPath("$.days[0].lines[0].count").value(2));
        mvc.perform(get("/usage").param("user", "light").header("Authorization", SHOP))
                .andExpect(jsonPath("$.user").value("light"))
                .andExpect(jsonPath("$.days[0].lines[0].count").value(1));
    }

    @Test
    void corsLetsOnlyTheFrontendsOriginReadTheApiTheCatalogIncluded() throws Exception {
        mvc.perform(options("/models")
                        .header("Origin", "https://shop.example")
                        .header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization"))
                .andExpect(header().string("Access-Control-Allow-Origin", "https://shop.example"));
        mvc.perform(options("/generate")
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST"))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    private String mint(String user) throws Exception {
        return mint(user, "15m");
    }

    private String mint(String user, String ttl) throws Exception {
        return JsonPath.read(
                mvc.perform(post("/tokens")
                                .header("Authorization", SHOP)
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"user\":\"" + user + "\",\"ttl\":\"" + ttl + "\"}"))
                        .andExpect(status().isCreated())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.token");
    }

    private ResultActions generateAs(String authorization) throws Exception {
        return mvc.perform(post("/generate")
                .header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"prompt\":\"x " + Instant.now().toEpochMilli() + "\",\"model\":\"flux-schnell\"}"));
    }

    private static String id(ResultActions result) throws Exception {
        return JsonPath.read(
                result.andExpect(status().isAccepted())
                        .andReturn()
                        .getResponse()
                        .getContentAsString(),
                "$.id");
    }
}
