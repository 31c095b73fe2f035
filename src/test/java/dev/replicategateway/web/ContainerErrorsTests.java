package dev.replicategateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Requests Tomcat itself refuses, before any filter or controller, still answer as problem details.
 * Sent over a raw socket: HTTP clients will not send most of them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "replicate.simulator.enabled=true")
@ActiveProfiles("test")
class ContainerErrorsTests {

    @LocalServerPort
    int port;

    @Test
    void anEncodedSlashInThePathIsAProblemNotAnHtmlPage() throws IOException {
        String answer = send("GET /predictions/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("\"type\":\"/problems/invalid-request\"").contains("\"status\":400");
        assertThat(answer).doesNotContainIgnoringCase("<html");
    }

    @Test
    void anOversizedHeaderIsAProblemNotAnHtmlPage() throws IOException {
        String answer = send("GET /predictions HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer).contains("header is too large");
    }

    @Test
    void aMalformedRequestLineIsAProblemNotAnHtmlPage() throws IOException {
        String answer = send("G(T /predictions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json");
    }

    private String send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
