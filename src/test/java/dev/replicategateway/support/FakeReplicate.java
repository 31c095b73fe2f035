package dev.replicategateway.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A scripted Replicate for MockWebServer: keeps the predictions it was asked to create, answers get,
 * cancel and list from them, and counts every call. Tests move predictions with {@link #update} and
 * script the answer to the next creates with {@link #nextCreate}.
 */
public final class FakeReplicate extends Dispatcher {

    /** How the next create is answered. */
    public enum CreateScript {
        /** 429 with Retry-After: 30; nothing is created. */
        THROTTLED,
        /** 429 with Retry-After: 86400 (a day); nothing is created. */
        THROTTLED_FOR_A_DAY,
        /** Created, but the answer comes after the client has given up (outcome unknown). */
        CREATED_ANSWER_LOST,
        /** 503; nothing is created (outcome unknown to the client). */
        UNAVAILABLE,
        /** 422 with {@code invalid_fields}, as when the model's schema changed since it was fetched. */
        INVALID_INPUT,
        /** A training create only: 422, as for a destination model the account may not push to. */
        DESTINATION_REFUSED
    }

    private static final ObjectMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private final Map<String, Map<String, Object>> predictions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> trainings = new ConcurrentHashMap<>();
    private final Map<String, String> modelVersions = new ConcurrentHashMap<>();
    public final List<RecordedRequest> modelCreates = new CopyOnWriteArrayList<>();
    public final List<RecordedRequest> fileUploads = new CopyOnWriteArrayList<>();
    public final List<String> fileDeletes = new CopyOnWriteArrayList<>();
    /** The last prediction create received, whatever its answer. */
    public volatile RecordedRequest lastCreate;

    public final List<String> trainingCreatePaths = new CopyOnWriteArrayList<>();
    public final AtomicInteger modelGets = new AtomicInteger();
    public final Map<String, Integer> modelGetsByName = new ConcurrentHashMap<>();
    private final Queue<CreateScript> scripts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sequence = new AtomicInteger();
    public final AtomicInteger createCalls = new AtomicInteger();
    public final AtomicInteger getCalls = new AtomicInteger();
    public final AtomicInteger listCalls = new AtomicInteger();
    public final AtomicInteger cancelCalls = new AtomicInteger();
    private volatile long lostAnswerDelayMillis = 1500;
    private volatile Consumer<String> onCreate = id -> {};
    private volatile int pageSize = 100;
    private volatile boolean outage;
    private volatile long getDelayMillis;
    private final AtomicInteger failCancels = new AtomicInteger();
    public final List<String> canceledIds = new CopyOnWriteArrayList<>();
    public final List<String> listQueries = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private final Set<String> trainedModels = ConcurrentHashMap.newKeySet();
    private final Set<String> unusableSchemas = ConcurrentHashMap.newKeySet();

    /** Timestamps follow the test's clock, as Replicate's follow real time. */
    public void useClock(Clock clock) {
        this.clock = clock;
    }

    public void reset() {
        predictions.clear();
        trainings.clear();
        modelVersions.clear();
        trainedModels.clear();
        unusableSchemas.clear();
        modelVersions.put(
                "ostris/flux-dev-lora-trainer", "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497");
        modelCreates.clear();
        fileUploads.clear();
        fileDeletes.clear();
        lastCreate = null;
        trainingCreatePaths.clear();
        modelGets.set(0);
        modelGetsByName.clear();
        scripts.clear();
        createCalls.set(0);
        getCalls.set(0);
        listCalls.set(0);
        cancelCalls.set(0);
        onCreate = id -> {};
        pageSize = 100;
        outage = false;
        getDelayMillis = 0;
        failCancels.set(0);
        canceledIds.clear();
        listQueries.clear();
    }

    /**
     * Runs {@code hook} with the new prediction's id after it is created and before the create is
     * answered: what another instance might do meanwhile.
     */
    public void onCreate(Consumer<String> hook) {
        this.onCreate = hook;
    }

    /** While on, every API call is answered 503 (and does nothing). */
    public void outage(boolean on) {
        this.outage = on;
    }

    /** GETs of one prediction or training answer only after this long. */
    public void delayGets(long millis) {
        this.getDelayMillis = millis;
    }

    /** List pages hold this many predictions (newest first), with a {@code next} cursor to the rest. */
    public void pageSize(int size) {
        this.pageSize = size;
    }

    /** The next {@code count} cancels are answered 503 (and cancel nothing). */
    public void failNextCancels(int count) {
        failCancels.set(count);
    }

    /** Adds an upstream prediction as if someone had created it at {@code createdAt}. */
    public String addPrediction(String model, Object input, Instant createdAt) {
        String id = "rep" + sequence.incrementAndGet();
        Map<String, Object> p = new ConcurrentHashMap<>();
        p.put("id", id);
        p.put("model", model);
        p.put("version", "dp-official");
        p.put("input", input);
        p.put("status", "starting");
        p.put("logs", "");
        p.put("created_at", createdAt.toString());
        predictions.put(id, p);
        return id;
    }

    public Map<String, Object> prediction(String id) {
        return predictions.get(id);
    }

    public void nextCreate(CreateScript script) {
        scripts.add(script);
    }

    public void lostAnswerDelay(long millis) {
        this.lostAnswerDelayMillis = millis;
    }

    /** Predictions actually created upstream. */
    public int created() {
        return predictions.size();
    }

    /** The id the next successful create will get. */
    public String peekNextId() {
        return "rep" + (sequence.get() + 1);
    }

    public List<String> ids() {
        return new ArrayList<>(predictions.keySet());
    }

    public Map<String, Object> training(String id) {
        return trainings.get(id);
    }

    public List<String> trainingIds() {
        return new ArrayList<>(trainings.keySet());
    }

    public void update(String id, String status, String logs, Object output) {
        Map<String, Object> p = predictions.containsKey(id) ? predictions.get(id) : trainings.get(id);
        p.put("status", status);
        if (logs != null) {
            p.put("logs", logs);
        }
        if (output != null) {
            p.put("output", output);
        }
        if (!"starting".equals(status) && p.get("started_at") == null) {
            p.put("started_at", clock.instant().toString());
        }
        if (List.of("succeeded", "failed", "canceled", "aborted").contains(status)) {
            p.put("completed_at", clock.instant().toString());
            p.put("metrics", Map.of("predict_time", 4.2));
        }
        if (trainings.containsKey(id)
                && "succeeded".equals(status)
                && output instanceof Map<?, ?> result
                && result.get("version") instanceof String version
                && version.contains(":")) {
            // As on Replicate: a finished training is a new version of its destination.
            addVersion(version.substring(0, version.indexOf(':')), version.substring(version.indexOf(':') + 1));
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String method = request.getMethod();
        if (outage && path.startsWith("/v1/")) {
            if ("POST".equals(method) && path.endsWith("/predictions")) {
                createCalls.incrementAndGet();
            }
            return json(503, Map.of("title", "Service Unavailable", "detail", "Outage", "status", 503));
        }
        try {
            if ("POST".equals(method) && path.endsWith("/cancel")) {
                cancelCalls.incrementAndGet();
                if (failCancels.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    return json(503, Map.of("detail", "Try again"));
                }
                String id = path.split("/")[3];
                Map<String, Object> p = predictions.containsKey(id) ? predictions.get(id) : trainings.get(id);
                canceledIds.add(id);
                if (p == null) {
                    return json(404, Map.of("detail", "Not found."));
                }
                if (!List.of("succeeded", "failed", "canceled", "aborted").contains(p.get("status"))) {
                    update(id, "canceled", null, null);
                }
                return json(200, p);
            }
            if ("GET".equals(method) && path.startsWith("/delivery/")) {
                return delivery(path.substring("/delivery/".length()));
            }
            if ("POST".equals(method) && path.endsWith("/trainings")) {
                return createTraining(request, path);
            }
            if ("GET".equals(method) && path.startsWith("/v1/trainings/")) {
                getCalls.incrementAndGet();
                Map<String, Object> t = trainings.get(path.substring("/v1/trainings/".length()));
                return t == null ? json(404, Map.of("detail", "Not found.")) : json(200, t);
            }
            if ("GET".equals(method) && path.equals("/v1/trainings")) {
                listCalls.incrementAndGet();
                Map<String, Object> page = new LinkedHashMap<>();
                page.put("previous", null);
                page.put("next", null);
                page.put("results", new ArrayList<>(trainings.values()));
                return json(200, page);
            }
            if ("GET".equals(method) && path.startsWith("/v1/models/") && path.split("/").length == 5) {
                modelGets.incrementAndGet();
                String model = path.substring("/v1/models/".length());
                modelGetsByName.merge(model, 1, Integer::sum);
                String version = modelVersions.get(model);
                JsonNode schema = schemaOf(model, version);
                if (version == null && schema != null) {
                    version = versionOf(model);
                }
                if (version == null) {
                    return json(404, Map.of("detail", "Model not found"));
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("owner", model.split("/")[0]);
                body.put("name", model.split("/")[1]);
                Map<String, Object> latest = new LinkedHashMap<>();
                latest.put("id", version);
                latest.put("created_at", "2024-08-14T10:00:00Z");
                if (schema != null) {
                    latest.put("openapi_schema", schema);
                }
                body.put("latest_version", version.isEmpty() ? null : latest);
                return json(200, body);
            }
            if ("GET".equals(method) && path.matches("/v1/models/[^/]+/[^/]+/versions/[^/]+")) {
                modelGets.incrementAndGet();
                String[] parts = path.split("/");
                String model = parts[3] + "/" + parts[4];
                modelGetsByName.merge(model, 1, Integer::sum);
                JsonNode schema = schemaOf(model, parts[6]);
                if (schema == null) {
                    return json(404, Map.of("detail", "Version not found"));
                }
                return json(
                        200, Map.of("id", parts[6], "created_at", "2024-08-14T10:00:00Z", "openapi_schema", schema));
            }
            if ("POST".equals(method) && path.equals("/v1/models")) {
                modelCreates.add(request);
                Map<String, Object> body = JSON.readValue(request.getBody().utf8(), new TypeReference<>() {});
                modelVersions.put(body.get("owner") + "/" + body.get("name"), "");
                return json(201, body);
            }
            if ("POST".equals(method) && path.equals("/v1/files")) {
                fileUploads.add(request);
                String file = fileUploads.size() == 1 ? "file1" : "file" + fileUploads.size();
                return json(
                        201,
                        Map.of(
                                "id",
                                file,
                                "name",
                                "images.zip",
                                "content_type",
                                "application/zip",
                                "size",
                                request.getBodySize(),
                                "urls",
                                Map.of("get", "https://api.replicate.com/v1/files/" + file)));
            }
            if ("DELETE".equals(method) && path.startsWith("/v1/files/")) {
                fileDeletes.add(path.substring("/v1/files/".length()));
                return new MockResponse.Builder().code(204).build();
            }
            if ("GET".equals(method) && path.matches("/v1/deployments/[^/]+/[^/]+")) {
                String model = "black-forest-labs/flux-schnell";
                return json(
                        200,
                        Map.of(
                                "owner", path.split("/")[3],
                                "name", path.split("/")[4],
                                "current_release", Map.of("number", 1, "model", model, "version", versionOf(model))));
            }
            if ("POST".equals(method) && path.endsWith("/predictions")) {
                return create(request, path);
            }
            if ("GET".equals(method) && path.equals("/v1/predictions")) {
                return listPredictions(request);
            }
            if ("GET".equals(method) && path.startsWith("/v1/predictions/")) {
                getCalls.incrementAndGet();
                Map<String, Object> p = predictions.get(path.substring("/v1/predictions/".length()));
                MockResponse answer = p == null ? json(404, Map.of("detail", "Not found.")) : json(200, p);
                return getDelayMillis == 0
                        ? answer
                        : answer.newBuilder()
                                .headersDelay(getDelayMillis, TimeUnit.MILLISECONDS)
                                .build();
            }
            return json(404, Map.of("detail", "No route " + method + " " + path));
        } catch (IOException e) {
            return json(500, Map.of("detail", e.getMessage()));
        }
    }

    /** Newest first; {@code created_after} / {@code created_before} filter as Replicate's do; cursor pages. */
    private MockResponse listPredictions(RecordedRequest request) {
        listCalls.incrementAndGet();
        var url = request.getUrl();
        listQueries.add(url.encodedQuery() == null ? "" : url.encodedQuery());
        String after = url.queryParameter("created_after");
        String before = url.queryParameter("created_before");
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> p : predictions.values()) {
            Instant created = Instant.parse((String) p.get("created_at"));
            if ((after == null || created.isAfter(Instant.parse(after)))
                    && (before == null || created.isBefore(Instant.parse(before)))) {
                all.add(p);
            }
        }
        all.sort(Comparator.comparing((Map<String, Object> p) -> (String) p.get("created_at"))
                .reversed()
                .thenComparing(p -> (String) p.get("id")));
        String cursor = url.queryParameter("cursor");
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(all.size(), from + pageSize);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("previous", null);
        page.put("next", to < all.size() ? "https://api.replicate.com/v1/predictions?cursor=" + to : null);
        page.put("results", all.subList(from, to));
        return json(200, page);
    }

    private MockResponse create(RecordedRequest request, String path) throws IOException {
        createCalls.incrementAndGet();
        lastCreate = request;
        CreateScript script = scripts.peek() == CreateScript.DESTINATION_REFUSED ? null : scripts.poll();
        if (script == CreateScript.THROTTLED || script == CreateScript.THROTTLED_FOR_A_DAY) {
            return new MockResponse.Builder()
                    .code(429)
                    .addHeader("Retry-After", script == CreateScript.THROTTLED ? "30" : "86400")
                    .body("{\"detail\":\"Request was throttled. Your rate limit resets in ~30s.\"}")
                    .build();
        }
        if (script == CreateScript.UNAVAILABLE) {
            return json(503, Map.of("title", "Service Unavailable", "detail", "Try again", "status", 503));
        }
        if (script == CreateScript.INVALID_INPUT) {
            return json(
                    422,
                    Map.of(
                            "title",
                            "Input validation failed",
                            "detail",
                            "- input.num_outputs: Must be less than or equal to 1",
                            "status",
                            422,
                            "invalid_fields",
                            List.of(Map.of(
                                    "type", "less_than_equal",
                                    "field", "input.num_outputs",
                                    "description", "Must be less than or equal to 1"))));
        }
        Map<String, Object> body = JSON.readValue(request.getBody().utf8(), new TypeReference<>() {});
        String id = "rep" + sequence.incrementAndGet();
        Map<String, Object> p = new ConcurrentHashMap<>();
        p.put("id", id);
        String[] parts = path.split("/");
        p.put("model", path.startsWith("/v1/models/") ? parts[3] + "/" + parts[4] : "someone/model");
        p.put("version", body.getOrDefault("version", "dp-official"));
        p.put("input", body.get("input"));
        p.put("status", "starting");
        p.put("logs", "");
        p.put("created_at", clock.instant().toString());
        p.put("urls", Map.of("get", "https://api.replicate.com/v1/predictions/" + id));
        predictions.put(id, p);
        onCreate.accept(id);
        MockResponse.Builder response = new MockResponse.Builder()
                .code(201)
                .addHeader("Content-Type", "application/json")
                .body(JSON.writeValueAsString(p));
        if (script == CreateScript.CREATED_ANSWER_LOST) {
            response.headersDelay(lostAnswerDelayMillis, TimeUnit.MILLISECONDS);
        }
        return response.build();
    }

    private MockResponse createTraining(RecordedRequest request, String path) throws IOException {
        createCalls.incrementAndGet();
        trainingCreatePaths.add(path);
        if (scripts.peek() == CreateScript.DESTINATION_REFUSED) {
            scripts.poll();
            return json(
                    422,
                    Map.of(
                            "title",
                            "Invalid destination",
                            "detail",
                            "You do not have permission to push to the destination model",
                            "status",
                            422));
        }
        Map<String, Object> body = JSON.readValue(request.getBody().utf8(), new TypeReference<>() {});
        String id = "trn" + sequence.incrementAndGet();
        Map<String, Object> t = new ConcurrentHashMap<>();
        t.put("id", id);
        t.put("model", path.split("/")[3] + "/" + path.split("/")[4]);
        t.put("version", path.split("/")[6]);
        t.put("destination", body.get("destination"));
        t.put("input", body.get("input"));
        t.put("status", "starting");
        t.put("logs", "");
        t.put("created_at", clock.instant().toString());
        trainings.put(id, t);
        return json(201, t);
    }

    public final AtomicInteger deliveries = new AtomicInteger();
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    /** Output files: {@code *.png} a PNG, {@code *.html} a web page, {@code big-*} 2 MB, {@code flaky-*} a 503 first. */
    private MockResponse delivery(String name) {
        deliveries.incrementAndGet();
        if (name.startsWith("flaky-") && failedOnce.add(name)) {
            return new MockResponse.Builder().code(503).build();
        }
        if (name.endsWith(".html")) {
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "text/html")
                    .body("<html></html>")
                    .build();
        }
        if (name.endsWith(".svg")) {
            // Script labelled as an image: only its bytes tell.
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "image/png")
                    .body("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")
                    .build();
        }
        byte[] bytes = name.startsWith("big-") ? new byte[2 * 1024 * 1024] : name.endsWith(".jpg") ? JPEG : PNG;
        String type = name.endsWith(".jpg") ? "image/jpeg" : "image/png";
        if (name.startsWith("slow-")) {
            // Headers at once, then a trickle: only a limit on the whole body notices.
            return new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", type)
                    .body(new okio.Buffer().write(bytes))
                    .throttleBody(8, 200, TimeUnit.MILLISECONDS)
                    .build();
        }
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", type)
                .body(new okio.Buffer().write(bytes))
                .build();
    }

    /** A 1×1 PNG. */
    public static final byte[] PNG = Base64.getDecoder()
            .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /** The first bytes of a JPEG (JFIF), enough for a type check. */
    public static final byte[] JPEG = {
        (byte) 0xff,
        (byte) 0xd8,
        (byte) 0xff,
        (byte) 0xe0,
        0,
        0x10,
        'J',
        'F',
        'I',
        'F',
        0,
        1,
        1,
        0,
        0,
        1,
        0,
        1,
        0,
        0,
        (byte) 0xff,
        (byte) 0xd9
    };

    /**
     * A model's schema as Replicate publishes it: the simulator's realistic ones (its resources), the
     * Flux LoRA schema for a model trained here, none for others (a trainer needs none here).
     */
    private JsonNode schemaOf(String model, String version) {
        if (unusableSchemas.contains(model)) {
            return JSON.createObjectNode().put("openapi", "3.0.2");
        }
        String resource = trainedModels.contains(model)
                ? "/simulator/trained/flux-lora.json"
                : "/simulator/models/" + model + ".json";
        try (var in = FakeReplicate.class.getResourceAsStream(resource)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String versionOf(String model) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(model.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes {@code model} publish a version whose schema has no Input (as some models' do). */
    public void addVersionWithoutSchema(String model) {
        modelVersions.put(model, versionOf(model));
        unusableSchemas.add(model);
    }

    /** Makes {@code model} answer with a latest version once a training into it succeeded. */
    public void addVersion(String model, String version) {
        modelVersions.put(model, version);
        trainedModels.add(model);
    }

    private static MockResponse json(int code, Object body) {
        try {
            return new MockResponse.Builder()
                    .code(code)
                    .addHeader("Content-Type", "application/json")
                    .body(JSON.writeValueAsString(body))
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
