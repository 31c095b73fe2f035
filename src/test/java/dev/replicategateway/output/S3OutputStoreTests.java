package dev.replicategateway.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicategateway.support.FakeReplicate;
import dev.replicategateway.support.FakeS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class S3OutputStoreTests {

    private static final String SECRET = "s3-secret-never-shown";

    private final FakeS3 s3 = new FakeS3("kept", "AKIAOUTPUTS");
    private final MockWebServer server = new MockWebServer();
    private S3OutputStore store;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(s3);
        server.start(0);
        store = new S3OutputStore(settings("AKIAOUTPUTS"));
    }

    @AfterEach
    void stop() {
        store.close();
        server.close();
    }

    @Test
    void anOutputIsWrittenUnderItsKeyInTheBucketAndReadBack() throws IOException {
        store.write("p-123", 1, FakeReplicate.PNG, "image/png");

        assertThat(s3.requests).containsExactly("PUT /kept/gw/p-123/1");
        assertThat(s3.object("gw/p-123/1").contentType()).isEqualTo("image/png");
        assertThat(s3.object("gw/p-123/1").content()).isEqualTo(FakeReplicate.PNG);
        try (InputStream in = store.read("p-123", 1)) {
            assertThat(in.readAllBytes()).isEqualTo(FakeReplicate.PNG);
        }
    }

    @Test
    void anOutputTheBucketDoesNotHoldIsNoSuchFile() {
        assertThatThrownBy(() -> store.read("p-404", 0))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("p-404/0");
    }

    @Test
    void aStoreOutageIsAnIOExceptionThatNamesTheBucketButNoCredential() {
        s3.failNext(20);

        assertThatThrownBy(() -> store.write("p-1", 0, FakeReplicate.PNG, "image/png"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("s3://kept/gw/")
                .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
        assertThat(s3.requests).as("the SDK retried the throttled put").hasSizeGreaterThan(1);
    }

    @Test
    void healthChecksTheBucketAndReportsWrongCredentials() throws IOException {
        store.check();
        assertThat(s3.requests).containsExactly("HEAD /kept");

        try (var wrong = new S3OutputStore(settings("AKIAWRONG"))) {
            assertThatThrownBy(wrong::check)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("kept")
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(SECRET));
        }
    }

    @Test
    void anS3StoreWithoutABucketOrWithHalfACredentialIsRefusedAtStart() {
        assertThatThrownBy(() -> new S3OutputStore(new OutputProperties.S3(
                        null, "", endpoint(), "us-east-1", true, null, null, Duration.ofSeconds(5))))
                .hasMessageContaining("gateway.outputs.s3.bucket");
        assertThatThrownBy(() -> new S3OutputStore(new OutputProperties.S3(
                        "kept", "", endpoint(), "us-east-1", true, "AKIAONLY", null, Duration.ofSeconds(5))))
                .hasMessageContaining("secret-access-key");
    }

    @Test
    void theSettingsNeverPrintTheSecret() {
        assertThat(settings("AKIAOUTPUTS").toString()).doesNotContain(SECRET).doesNotContain("AKIAOUTPUTS");
    }

    private OutputProperties.S3 settings(String accessKeyId) {
        return new OutputProperties.S3(
                "kept", "gw/", endpoint(), "us-east-1", true, accessKeyId, SECRET, Duration.ofSeconds(10));
    }

    private URI endpoint() {
        return server.url("/").uri();
    }

    private static String stackText(Throwable e) {
        var out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
