package dev.replicategateway.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged application (the fat jar {@code ./mvnw package} built) in a JVM of its own, so a test can
 * kill it for real: {@link #kill()} is SIGKILL, no shutdown hook runs, nothing is flushed.
 */
final class AppProcess implements AutoCloseable {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Set by the build ({@code -Pcrash,aot}, as {@code .ci/run} runs the suite): gateways run on the bean
     * definitions Spring AOT generated, as the image starts them, and each start is checked to be one.
     */
    static final boolean SPRING_AOT = Boolean.getBoolean("crash.spring-aot");

    final int port;
    final Path log;
    private final Path directory;
    private final List<String> arguments;
    private final boolean springAot;
    private Process process;

    private AppProcess(int port, Path directory, Path log, List<String> arguments, boolean springAot) {
        this.port = port;
        this.directory = directory;
        this.log = log;
        this.arguments = arguments;
        this.springAot = springAot;
    }

    /**
     * Starts the jar in {@code directory} (its {@code ./data} is the default store) with
     * {@code --server.port} and these arguments, and waits until it is ready.
     */
    static AppProcess start(Path directory, String name, String... arguments) throws Exception {
        return start(directory, name, SPRING_AOT, arguments);
    }

    private static AppProcess start(Path directory, String name, boolean springAot, String... arguments)
            throws Exception {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of(arguments));
        all.add("--server.port=" + port);
        Files.createDirectories(directory);
        AppProcess app = new AppProcess(port, directory, directory.resolve(name + ".log"), all, springAot);
        app.launch();
        return app;
    }

    /**
     * A stand-in Replicate: the same jar in simulator mode, in a JVM of its own so that it outlives a
     * gateway that is killed, counting what it was asked to create.
     */
    static AppProcess startStandIn(Path directory, String... faults) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "--replicate.simulator.enabled=true",
                "--replicate.simulator.time-scale=0.3",
                "--spring.datasource.url=jdbc:h2:mem:standin",
                "--gateway.lifecycle.scheduling=false",
                "--dotenv.enabled=false"));
        all.addAll(List.of(faults));
        return start(directory, "stand-in", false, all.toArray(String[]::new));
    }

    /** Starts it again after a kill, with the same arguments and port. */
    void restart() throws Exception {
        launch();
    }

    private void launch() throws Exception {
        // Every start appends to the same log: only this start's lines say how it started.
        int earlierLines = Files.exists(log) ? lines().size() : 0;
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        if (springAot) {
            command.add("-Dspring.aot.enabled=true");
        }
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(arguments);
        process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant until = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited at start; see " + log + ":\n" + tail());
            }
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) {
                    if (springAot && !startedAheadOfTime(earlierLines)) {
                        throw new IllegalStateException("-Dspring.aot.enabled=true, but the app did not start on "
                                + "its ahead-of-time bean set; see " + log + ":\n" + tail());
                    }
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the app did not become ready; see " + log + ":\n" + tail());
    }

    /** SIGKILL: the JVM dies at once, as on an OOM kill or a power cut of the container. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path, String key) throws IOException, InterruptedException {
        return JSON.readTree(get(path, key).body());
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Whether the start whose lines follow the first {@code earlierLines} was an AOT-processed one. */
    private boolean startedAheadOfTime(int earlierLines) throws IOException {
        List<String> lines = lines();
        List<String> thisStart = lines.subList(earlierLines, lines.size());
        return thisStart.stream().anyMatch(line -> line.contains("Starting AOT-processed"))
                && thisStart.stream().noneMatch(line -> line.contains("without the ahead-of-time bean set"));
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(log);
    }

    String tail() {
        try {
            List<String> lines = lines();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** This process's log lines that mention {@code text}, at most the last {@code limit} of them. */
    List<String> linesMentioning(String text, int limit) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> matching = lines.filter(line -> line.contains(text)).toList();
            return matching.subList(Math.max(0, matching.size() - limit), matching.size());
        } catch (IOException e) {
            return List.of("(no log)");
        }
    }

    /** Copies the log where it outlives the test's temporary directory, to read after a failure. */
    void keepLog(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(log, directory.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(path -> path.getFileName().toString().matches("replicate-gateway-.*\\.jar"))
                    .map(Path::toAbsolutePath)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged jar in target/: run ./mvnw package"));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
