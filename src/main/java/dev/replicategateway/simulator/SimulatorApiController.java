package dev.replicategateway.simulator;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The simulated Replicate API, with Replicate's routes, shapes and status codes. */
@RestController
@RequestMapping("/simulator/v1")
@ConditionalOnProperty(name = "replicate.simulator.enabled", havingValue = "true")
class SimulatorApiController {

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final SimulatorState state;
    private final SimulatorProperties properties;
    private final SimulatorWebhooks webhooks;

    SimulatorApiController(SimulatorState state, SimulatorProperties properties, SimulatorWebhooks webhooks) {
        this.state = state;
        this.properties = properties;
        this.webhooks = webhooks;
    }

    // ---- predictions -------------------------------------------------------------------------------

    @PostMapping("/models/{owner}/{name}/predictions")
    Object createOnModel(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        SimulatorState.Model model = state.models.get(owner + "/" + name);
        if (model == null || model.latestVersion() == null) {
            throw SimulatorError.notFound("The requested model does not exist or has no version.");
        }
        return create(
                owner + "/" + name,
                "official".equals(model.visibility())
                        ? "dp-" + model.latestVersion().substring(0, 8)
                        : model.latestVersion(),
                body,
                prefer,
                cancelAfter,
                request,
                response);
    }

    @PostMapping("/predictions")
    Object createOnVersion(
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        String version = String.valueOf(body.get("version"));
        if (version.contains(":")) {
            version = version.substring(version.indexOf(':') + 1);
        }
        String model = state.modelOfVersion.get(version);
        if (model == null) {
            throw SimulatorError.notFound("The requested version does not exist.");
        }
        return create(model, version, body, prefer, cancelAfter, request, response);
    }

    @PostMapping("/deployments/{owner}/{name}/predictions")
    Object createOnDeployment(
            @PathVariable String owner,
            @PathVariable String name,
            @RequestBody Map<String, Object> body,
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @RequestHeader(name = "Cancel-After", required = false) String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        return create(owner + "/" + name, "deployment", body, prefer, cancelAfter, request, response);
    }

    @GetMapping("/predictions/{id}")
    Map<String, Object> getPrediction(@PathVariable String id) {
        return job(id, SimulatedJob.Kind.PREDICTION).toJson(state.clock.instant());
    }

    @PostMapping("/predictions/{id}/cancel")
    Map<String, Object> cancelPrediction(@PathVariable String id) {
        return cancel(job(id, SimulatedJob.Kind.PREDICTION));
    }

    @GetMapping("/predictions")
    Map<String, Object> listPredictions(@RequestParam(required = false) String cursor) {
        return page(SimulatedJob.Kind.PREDICTION, cursor, "/simulator/v1/predictions");
    }

    // ---- trainings ---------------------------------------------------------------------------------

    @PostMapping("/models/{owner}/{name}/versions/{version}/trainings")
    ResponseEntity<Map<String, Object>> createTraining(
            @PathVariable String owner,
            @PathVariable String name,
            @PathVariable String version,
            @RequestBody Map<String, Object> body,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (!(owner + "/" + name).equals(state.modelOfVersion.get(version))) {
            throw SimulatorError.notFound("The requested trainer version does not exist.");
        }
        Object destination = body.get("destination");
        if (!(destination instanceof String dest) || !state.models.containsKey(dest)) {
            throw new SimulatorError(404, "Not found", "The destination model does not exist. Create it first.", null);
        }
        Map<String, Object> input = input(body);
        int steps = input.get("steps") instanceof Number n ? n.intValue() : 1000;
        SimulatedJob job = new SimulatedJob(
                state.newId(26),
                SimulatedJob.Kind.TRAINING,
                owner + "/" + name,
                version,
                input,
                dest,
                webhookOf(body),
                filterOf(body),
                state.clock.instant(),
                scaled(3000),
                scaled(50),
                steps,
                null,
                state.roll(state.faults.get().failureRate()),
                baseUrl(request),
                state.newVersion());
        state.add(job);
        webhooks.watch(job);
        afterCreate(response);
        return ResponseEntity.status(201).body(job.toJson(state.clock.instant()));
    }

    @GetMapping("/trainings/{id}")
    Map<String, Object> getTraining(@PathVariable String id) {
        SimulatedJob job = job(id, SimulatedJob.Kind.TRAINING);
        Map<String, Object> json = job.toJson(state.clock.instant());
        if ("succeeded".equals(json.get("status"))) {
            state.publishVersion(job.destination, job.trainedVersion);
        }
        return json;
    }

    @PostMapping("/trainings/{id}/cancel")
    Map<String, Object> cancelTraining(@PathVariable String id) {
        return cancel(job(id, SimulatedJob.Kind.TRAINING));
    }

    private SimulatedJob job(String id, SimulatedJob.Kind kind) {
        return state.job(id, kind).orElseThrow(() -> SimulatorError.notFound("Not found."));
    }

    private Map<String, Object> cancel(SimulatedJob job) {
        Instant now = state.clock.instant();
        job.cancel(now);
        return job.toJson(now);
    }

    @GetMapping("/trainings")
    Map<String, Object> listTrainings(@RequestParam(required = false) String cursor) {
        return page(SimulatedJob.Kind.TRAINING, cursor, "/simulator/v1/trainings");
    }

    // ---- models, files, webhook secret -------------------------------------------------------------

    @GetMapping("/models/{owner}/{name}")
    Map<String, Object> getModel(@PathVariable String owner, @PathVariable String name) {
        // A training that finished since the last look has published its version.
        state.trainings.values().stream()
                .filter(job -> (owner + "/" + name).equals(job.destination))
                .filter(job -> "succeeded".equals(job.at(state.clock.instant()).status()))
                .forEach(job -> state.publishVersion(job.destination, job.trainedVersion));
        SimulatorState.Model model = state.models.get(owner + "/" + name);
        if (model == null) {
            throw SimulatorError.notFound("Not found.");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", "https://replicate.com/" + owner + "/" + name);
        json.put("owner", owner);
        json.put("name", name);
        json.put("description", "Simulated model");
        json.put("visibility", model.visibility());
        json.put(
                "latest_version",
                model.latestVersion() == null
                        ? null
                        : Map.of(
                                "id", model.latestVersion(),
                                "created_at", model.createdAt().toString(),
                                "cog_version", "0.9.0",
                                "openapi_schema", Map.of("info", Map.of("title", "Cog", "version", "0.1.0"))));
        return json;
    }

    @PostMapping("/models")
    ResponseEntity<Map<String, Object>> createModel(@RequestBody Map<String, Object> body) {
        String owner = String.valueOf(body.get("owner"));
        String name = String.valueOf(body.get("name"));
        if (state.models.containsKey(owner + "/" + name)) {
            throw new SimulatorError(409, "Conflict", "A model with that name already exists.", null);
        }
        state.models.put(
                owner + "/" + name,
                new SimulatorState.Model(
                        owner,
                        name,
                        String.valueOf(body.getOrDefault("visibility", "private")),
                        String.valueOf(body.get("hardware")),
                        null,
                        state.clock.instant()));
        return ResponseEntity.status(201).body(getModel(owner, name));
    }

    @PostMapping("/files")
    ResponseEntity<Map<String, Object>> uploadFile(
            @RequestPart("content") MultipartFile content, HttpServletRequest request) throws IOException {
        String id = state.newId(24);
        byte[] bytes = content.getBytes();
        var file = new SimulatorState.StoredFile(
                id, content.getOriginalFilename(), content.getContentType(), bytes, state.clock.instant());
        state.files.put(id, file);
        return ResponseEntity.status(201).body(fileJson(file, request));
    }

    @GetMapping("/files/{id}")
    Map<String, Object> getFile(@PathVariable String id, HttpServletRequest request) {
        var file = state.files.get(id);
        if (file == null) {
            throw SimulatorError.notFound("Not found.");
        }
        return fileJson(file, request);
    }

    @GetMapping("/webhooks/default/secret")
    Map<String, String> webhookSecret() {
        return Map.of("key", properties.webhookSecret());
    }

    @ExceptionHandler(SimulatorError.class)
    ResponseEntity<Map<String, Object>> error(SimulatorError error) {
        return ResponseEntity.status(error.status).body(error.body());
    }

    // ---- plumbing ----------------------------------------------------------------------------------

    private Object create(
            String model,
            String version,
            Map<String, Object> body,
            String prefer,
            String cancelAfter,
            HttpServletRequest request,
            HttpServletResponse response) {
        Map<String, Object> input = input(body);
        validate(model, input);
        Timing timing = Timing.of(model, input);
        SimulatedJob job = new SimulatedJob(
                state.newId(26),
                SimulatedJob.Kind.PREDICTION,
                model,
                version,
                input,
                null,
                webhookOf(body),
                filterOf(body),
                state.clock.instant(),
                scaled(timing.startMillis()),
                scaled(timing.stepMillis()),
                timing.steps(),
                parseDuration(cancelAfter),
                state.roll(state.faults.get().failureRate()),
                baseUrl(request),
                null);
        state.add(job);
        webhooks.watch(job);
        waitFor(job, prefer);
        if (!afterCreate(response)) {
            return null;
        }
        return ResponseEntity.status(201).body(job.toJson(state.clock.instant()));
    }

    /** Faults that strike after a create happened: the client cannot know it did. False when the answer was cut. */
    private boolean afterCreate(HttpServletResponse response) {
        SimulatorProperties.Faults faults = state.faults.get();
        if (state.roll(faults.slowRate())) {
            state.count("faults.slow");
            sleep(faults.slowDelay().toMillis());
        }
        if (state.roll(faults.dropConnectionRate())) {
            state.count("faults.dropped");
            cutConnection(response);
            return false;
        }
        return true;
    }

    /** Declares a longer body than it writes, then closes: the client sees the connection end mid-answer. */
    static void cutConnection(HttpServletResponse response) {
        try {
            response.setStatus(201);
            response.setContentType("application/json");
            response.setContentLength(4096);
            response.setHeader("Connection", "close");
            var out = response.getOutputStream();
            out.write("{\"id\": \"".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.close();
        } catch (IOException ignored) {
            // The client went away first: the same outcome.
        }
    }

    private void waitFor(SimulatedJob job, String prefer) {
        if (prefer == null || !prefer.trim().startsWith("wait")) {
            return;
        }
        String value = prefer.trim();
        int seconds =
                value.startsWith("wait=") ? Integer.parseInt(value.substring(5).trim()) : 60;
        Instant until = state.clock.instant().plus(scaled(Math.min(60, Math.max(1, seconds)) * 1000L));
        while (!job.at(state.clock.instant()).isFinal() && state.clock.instant().isBefore(until)) {
            sleep(Math.max(5, (long) (50 * properties.timeScale())));
        }
    }

    private void validate(String model, Map<String, Object> input) {
        List<Map<String, Object>> invalid = new ArrayList<>();
        if (!(input.get("prompt") instanceof String prompt) || prompt.isBlank()) {
            invalid.add(Map.of("type", "required", "field", "prompt", "description", "prompt is required"));
        }
        int maxSteps = model.endsWith("flux-schnell") ? 4 : model.endsWith("sdxl") ? 500 : 50;
        range(input, "num_outputs", 1, 4, invalid);
        range(input, "num_inference_steps", 1, maxSteps, invalid);
        if (!model.endsWith("sdxl")) {
            range(input, "guidance_scale", 0, 10, invalid);
            range(input, "guidance", 0, 10, invalid);
        }
        range(input, "output_quality", 0, 100, invalid);
        if (!invalid.isEmpty()) {
            throw new SimulatorError(422, "Input validation failed", "The input is invalid.", invalid);
        }
    }

    private static void range(
            Map<String, Object> input, String field, double min, double max, List<Map<String, Object>> invalid) {
        if (input.get(field) instanceof Number n && (n.doubleValue() < min || n.doubleValue() > max)) {
            invalid.add(Map.of(
                    "type",
                    "range",
                    "field",
                    field,
                    "description",
                    field + " must be between " + (int) min + " and " + (int) max));
        }
    }

    private Map<String, Object> page(SimulatedJob.Kind kind, String cursor, String path) {
        String after = null;
        if (cursor != null && !cursor.isBlank()) {
            after = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        }
        List<SimulatedJob> jobs = state.page(kind, after, properties.pageSize());
        boolean more = jobs.size() > properties.pageSize();
        List<SimulatedJob> shown = more ? jobs.subList(0, properties.pageSize()) : jobs;
        Instant now = state.clock.instant();
        List<Map<String, Object>> results =
                shown.stream().map(job -> job.toJson(now)).toList();
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put(
                "next",
                more
                        ? ServletUriComponentsBuilder.fromCurrentContextPath()
                                .path(path)
                                .queryParam(
                                        "cursor",
                                        Base64.getUrlEncoder()
                                                .withoutPadding()
                                                .encodeToString(shown.get(shown.size() - 1)
                                                        .id
                                                        .getBytes(StandardCharsets.UTF_8)))
                                .toUriString()
                        : null);
        page.put("results", results);
        return page;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> input(Map<String, Object> body) {
        return body.get("input") instanceof Map<?, ?> map
                ? new LinkedHashMap<>((Map<String, Object>) map)
                : new LinkedHashMap<>();
    }

    private static String webhookOf(Map<String, Object> body) {
        return body.get("webhook") instanceof String url && !url.isBlank() ? url : null;
    }

    @SuppressWarnings("unchecked")
    private static List<String> filterOf(Map<String, Object> body) {
        return body.get("webhook_events_filter") instanceof List<?> list ? (List<String>) list : null;
    }

    private Map<String, Object> fileJson(SimulatorState.StoredFile file, HttpServletRequest request) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", file.id());
        json.put("name", file.name());
        json.put("content_type", file.contentType());
        json.put("size", file.content().length);
        json.put("checksums", Map.of("sha256", sha256(file.content())));
        json.put("created_at", file.createdAt().toString());
        json.put("expires_at", file.createdAt().plus(Duration.ofDays(1)).toString());
        json.put("urls", Map.of("get", baseUrl(request) + "/simulator/v1/files/" + file.id()));
        return json;
    }

    private Duration scaled(long millis) {
        return Duration.ofNanos((long) (millis * 1_000_000L * properties.timeScale()));
    }

    private static Duration parseDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher matcher = DURATION_PART.matcher(value.trim());
        Duration total = Duration.ZERO;
        while (matcher.find()) {
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(
                    switch (matcher.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        default -> Duration.ofHours(amount);
                    });
        }
        return total.isZero() ? null : total;
    }

    private static String baseUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request)
                .replacePath("")
                .toUriString();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long a model takes: start-up, then one step at a time. */
    record Timing(long startMillis, long stepMillis, int steps) {
        static Timing of(String model, Map<String, Object> input) {
            Integer requested = input.get("num_inference_steps") instanceof Number n ? n.intValue() : null;
            if (model.endsWith("flux-schnell")) {
                return new Timing(500, 300, requested != null ? requested : 4);
            }
            if (model.endsWith("sdxl")) {
                return new Timing(1500, 120, requested != null ? requested : 25);
            }
            return new Timing(1000, 250, requested != null ? requested : 28);
        }
    }
}
