package dev.replicategateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.replicategateway.prediction.LifecycleTestAccess;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Bad input thrown at every endpoint on purpose: each case must get a 4xx problem detail (never a
 * 500, never a stack trace) and leave the store as it was.
 */
class BadInputTests extends LifecycleTestAccess {

    private static final String HUGE = "x".repeat(5_000_000);

    static Stream<Arguments> badRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (String path : List.of("/generate", "/trainings")) {
            cases.add(Arguments.of("malformed JSON " + path, json(path, "{prompt: 'x'}")));
            cases.add(Arguments.of("truncated JSON " + path, json(path, "{\"prompt\": \"a cat\", \"num_outputs\": ")));
            cases.add(Arguments.of("empty body " + path, json(path, "")));
            cases.add(Arguments.of("JSON array " + path, json(path, "[1,2,3]")));
            cases.add(Arguments.of("JSON null " + path, json(path, "null")));
            cases.add(Arguments.of("huge body " + path, json(path, "{\"prompt\":\"" + HUGE + "\"}")));
            cases.add(Arguments.of(
                    "unknown field " + path, json(path, "{\"prompt\":\"x\",\"trigger_word\":\"T\",\"evil\":true}")));
            cases.add(Arguments.of(
                    "wrong content type " + path,
                    post(path).contentType(MediaType.APPLICATION_XML).content("<prompt>x</prompt>")));
            cases.add(Arguments.of("no content type " + path, post(path).content("{\"prompt\":\"x\"}")));
            cases.add(Arguments.of(
                    "form encoded " + path,
                    post(path)
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                            .content("prompt=x")));
        }
        cases.add(Arguments.of("wrong type", json("/generate", "{\"prompt\":\"x\",\"num_outputs\":\"four\"}")));
        cases.add(Arguments.of("object for string", json("/generate", "{\"prompt\":{\"text\":\"x\"}}")));
        cases.add(Arguments.of("fraction for integer", json("/generate", "{\"prompt\":\"x\",\"num_outputs\":1.5}")));
        cases.add(Arguments.of("boolean for number", json("/generate", "{\"prompt\":\"x\",\"seed\":true}")));
        cases.add(Arguments.of("negative number", json("/generate", "{\"prompt\":\"x\",\"num_outputs\":-1}")));
        cases.add(Arguments.of("out of range", json("/generate", "{\"prompt\":\"x\",\"output_quality\":1000}")));
        cases.add(Arguments.of(
                "number overflow", json("/generate", "{\"prompt\":\"x\",\"seed\":99999999999999999999999}")));
        cases.add(Arguments.of("NaN", json("/generate", "{\"prompt\":\"x\",\"guidance_scale\":NaN}")));
        cases.add(Arguments.of("huge prompt", json("/generate", "{\"prompt\":\"" + "p".repeat(5000) + "\"}")));
        cases.add(Arguments.of("blank prompt", json("/generate", "{\"prompt\":\"   \"}")));
        cases.add(Arguments.of("control characters", json("/generate", "{\"prompt\":\"bell\\u0007 null\\u0000\"}")));
        cases.add(Arguments.of(
                "bidi override only in model",
                json("/generate", "{\"prompt\":\"x\",\"model\":\"own\\u202Eer/name\"}")));
        cases.add(Arguments.of(
                "path traversal model", json("/generate", "{\"prompt\":\"x\",\"model\":\"../../etc/passwd\"}")));
        cases.add(Arguments.of("SQL in model", json("/generate", "{\"prompt\":\"x\",\"model\":\"a/b' or '1'='1\"}")));
        cases.add(Arguments.of("empty batch", json("/generate/batch", "{\"requests\":[]}")));
        cases.add(Arguments.of(
                "batch too large",
                json(
                        "/generate/batch",
                        "{\"requests\":[" + String.join(",", Collections.nCopies(21, "{\"prompt\":\"x\"}")) + "]}")));
        cases.add(Arguments.of("batch of nulls", json("/generate/batch", "{\"requests\":[null]}")));
        cases.add(Arguments.of(
                "bad idempotency key", json("/generate", "{\"prompt\":\"x\"}").header("Idempotency-Key", "has space")));
        cases.add(Arguments.of(
                "long idempotency key",
                json("/generate", "{\"prompt\":\"x\"}").header("Idempotency-Key", "k".repeat(201))));
        cases.add(Arguments.of("training without images", json("/trainings", "{\"trigger_word\":\"TOK\"}")));
        cases.add(Arguments.of(
                "training SQL trigger word",
                json(
                        "/trainings",
                        "{\"images_url\":\"https://x/y.zip\",\"trigger_word\":\"TOK'; drop table trainings; --\"}")));
        cases.add(Arguments.of(
                "training not a zip",
                multipart("/trainings")
                        .file(new MockMultipartFile("images", "x.zip", "application/zip", "not a zip".getBytes()))
                        .param("trigger_word", "TOK")));
        cases.add(Arguments.of(
                "training upload without trigger word",
                multipart("/trainings")
                        .file(new MockMultipartFile(
                                "images", "x.zip", "application/zip", new byte[] {0x50, 0x4B, 3, 4}))));
        cases.add(Arguments.of("unknown prediction", get("/predictions/gw_doesnotexist")));
        cases.add(Arguments.of("path traversal id", get("/predictions/..%2F..%2Fetc%2Fpasswd")));
        cases.add(Arguments.of("SQL id", get("/predictions/1' or '1'='1")));
        cases.add(Arguments.of("very long id", get("/predictions/" + "a".repeat(5000))));
        cases.add(Arguments.of("cancel unknown", post("/predictions/gw_nope/cancel")));
        cases.add(Arguments.of("unknown status filter", get("/predictions").param("status", "' or 1=1 --")));
        cases.add(Arguments.of("limit out of range", get("/predictions").param("limit", "0")));
        cases.add(Arguments.of("limit not a number", get("/predictions").param("limit", "ten")));
        cases.add(Arguments.of("forged cursor", get("/predictions").param("cursor", "not-a-cursor")));
        cases.add(Arguments.of("unknown training", get("/trainings/gw_nope")));
        cases.add(Arguments.of("usage days out of range", get("/usage").param("days", "1000")));
        cases.add(Arguments.of("unknown route", get("/admin")));
        cases.add(Arguments.of("wrong method", MockMvcRequestBuilders.delete("/generate")));
        cases.add(Arguments.of(
                "webhook without signature", json("/webhooks/replicate", "{\"id\":\"x\",\"status\":\"succeeded\"}")));
        cases.add(Arguments.of(
                "webhook garbage signature",
                json("/webhooks/replicate", "{}")
                        .header("webhook-id", "msg_1")
                        .header("webhook-timestamp", "nope")
                        .header("webhook-signature", "v1,!!!")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAProblemAndChangesNothing(String name, MockHttpServletRequestBuilder request) throws Exception {
        long before = rows();
        MvcResult result =
                mvc.perform(request).andExpect(status().is4xxClientError()).andReturn();
        assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
        String body = result.getResponse().getContentAsString();
        assertThat((Integer) JsonPath.read(body, "$.status")).isBetween(400, 499);
        assertThat(body).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("org.springframework");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void aSqlLookingPromptIsJustTextStoredVerbatim() throws Exception {
        String prompt = "Robert'); DROP TABLE predictions; --";
        var result = mvc.perform(json("/generate", "{\"prompt\":\"" + prompt.replace("\"", "\\\"") + "\"}"))
                .andExpect(status().isAccepted())
                .andReturn();
        String id = JsonPath.read(result.getResponse().getContentAsString(), "$.id");
        assertThat(stored(id).input()).containsEntry("prompt", prompt);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void unicodePromptsAreAcceptedIntact() throws Exception {
        String prompt = "東京の夜景 🌃, café au lait, עִבְרִית";
        var result = mvc.perform(json("/generate", "{\"prompt\":\"" + prompt + "\"}"))
                .andExpect(status().isAccepted())
                .andReturn();
        assertThat(stored(JsonPath.read(result.getResponse().getContentAsString(), "$.id"))
                        .input())
                .containsEntry("prompt", prompt);
    }

    private long rows() {
        return jdbc.sql(
                        "select (select count(*) from predictions) + (select count(*) from trainings) + (select count(*) from idempotency_keys)")
                .query(Long.class)
                .single();
    }

    private static MockHttpServletRequestBuilder json(String path, String body) {
        return post(path).contentType(MediaType.APPLICATION_JSON).content(body);
    }
}
