package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * A change this instance commits reaches the streams watching it without waiting for the next read of
 * the store: here that read comes once an hour, so a stream fed only by it would time out.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "replicate.simulator.enabled=true",
            "replicate.simulator.time-scale=0.05",
            "gateway.events.tick=1h",
            "gateway.lifecycle.scheduling=true",
            "gateway.lifecycle.submit.interval=50ms",
            "gateway.lifecycle.poll.interval=100ms",
            "gateway.callers.quota.requests-per-minute=100000"
        })
@ActiveProfiles("test")
class EventStreamPushTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void changesMadeHereArePushedToTheirStreamAsTheyCommit() throws Exception {
        HttpResponse<String> accepted = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/generate"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"pushed\",\"model\":\"flux-schnell\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = new ObjectMapper().readTree(accepted.body()).path("id").asText();

        HttpResponse<Stream<String>> events = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predictions/" + id + "/events"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofLines());

        List<String> states = events.body()
                .filter(line -> line.startsWith("data:{"))
                .map(line -> line.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1"))
                .toList();
        assertThat(states).startsWith("queued").endsWith("succeeded");
    }
}
