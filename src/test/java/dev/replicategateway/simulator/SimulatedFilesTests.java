package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Files API as Replicate's: multipart uploads, file objects with checksums, lists, deletes, size limit. */
@SimulatorTest
class SimulatedFilesTests {

    @Autowired
    SimulatorState state;

    @LocalServerPort
    int port;

    private SimulatorHttp http;

    @BeforeEach
    void client() {
        http = new SimulatorHttp(port);
        state.faults.set(SimulatorProperties.Faults.NONE);
    }

    @Test
    void anUploadAnswers201WithReplicatesFileObject() throws Exception {
        byte[] bytes = "PK\u0003\u0004 some zip".getBytes();
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("content", bytes);
        parts.put("filename", "faces.zip");
        parts.put("type", "application/zip");
        parts.put("metadata", "{\"customer\": \"c-42\"}");

        var created = http.postMultipart("/simulator/v1/files", parts);

        assertThat(created.status()).isEqualTo(201);
        JsonNode file = created.json();
        assertThat(file.path("id").asText()).isNotBlank();
        assertThat(file.path("name").asText()).isEqualTo("faces.zip");
        assertThat(file.path("content_type").asText()).isEqualTo("application/zip");
        assertThat(file.path("size").asLong()).isEqualTo(bytes.length);
        String md5 = hex("MD5", bytes);
        assertThat(file.path("checksums").path("md5").asText()).isEqualTo(md5);
        assertThat(file.path("checksums").path("sha256").asText()).isEqualTo(hex("SHA-256", bytes));
        assertThat(file.path("etag").asText()).isEqualTo("\"" + md5 + "\"");
        assertThat(file.path("metadata").path("customer").asText()).isEqualTo("c-42");
        Instant createdAt = Instant.parse(file.path("created_at").asText());
        assertThat(Instant.parse(file.path("expires_at").asText())).isEqualTo(createdAt.plus(Duration.ofDays(1)));
        assertThat(file.path("urls").path("get").asText())
                .isEqualTo(
                        http.base() + "/simulator/v1/files/" + file.path("id").asText());
        assertThat(http.get(file.path("urls").path("get").asText()).json()).isEqualTo(file);
    }

    @Test
    void withoutFilenameOrTypeTheUploadedPartNamesTheFile() {
        var created = http.postMultipart("/simulator/v1/files", Map.of("content", new byte[] {1, 2, 3}));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asText()).isEqualTo("upload.bin");
        assertThat(created.json().path("content_type").asText()).isEqualTo("application/octet-stream");
        assertThat(created.json().path("metadata").isEmpty()).isTrue();
    }

    @Test
    void aDeletedFileIsGoneAndCounted() {
        String id = upload("to-delete.txt");
        long deletedBefore = counter("files.deleted");

        var deleted = http.delete("/simulator/v1/files/" + id);

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(http.get("/simulator/v1/files/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/simulator/v1/files/" + id).status()).isEqualTo(404);
        assertThat(counter("files.deleted")).isEqualTo(deletedBefore + 1);
        assertThat(http.get("/simulator/v1/files").json().path("results").findValuesAsText("id"))
                .doesNotContain(id);
    }

    @Test
    void filesAreListedNewestFirstInPages() throws Exception {
        String older = upload("older.txt");
        Thread.sleep(5);
        String newer = upload("newer.txt");

        JsonNode page = http.get("/simulator/v1/files").json();

        assertThat(page.path("results").findValuesAsText("id")).startsWith(newer, older);
        assertThat(page.has("next")).isTrue();
    }

    @Test
    void anUploadOverTheLimitIs413AndStoresNothing() {
        int stored = state.files.size();

        var overThePart = http.postMultipart("/simulator/v1/files", Map.of("content", new byte[70 * 1024]));
        var overTheDeclaredLength = http.postMultipart("/simulator/v1/files", Map.of("content", new byte[256 * 1024]));

        for (var answer : List.of(overThePart, overTheDeclaredLength)) {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.json().path("status").asInt()).isEqualTo(413);
            assertThat(answer.json().path("detail").asText()).contains("maximum");
        }
        assertThat(state.files.size()).isEqualTo(stored);
    }

    @Test
    void metadataThatIsNotAJsonObjectIsABadRequest() {
        var answer = http.postMultipart(
                "/simulator/v1/files", Map.of("content", new byte[] {1}, "metadata", "[\"not\", \"an object\"]"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).contains("metadata");
    }

    private String upload(String name) {
        var created = http.postMultipart("/simulator/v1/files", Map.of("content", name.getBytes(), "filename", name));
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private long counter(String name) {
        var value = state.counters.get(name);
        return value == null ? 0 : value.get();
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
