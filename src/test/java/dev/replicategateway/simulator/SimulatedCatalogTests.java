package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The seeded models, their schemas, and creates validated and answered as those schemas say. */
@SimulatorTest
class SimulatedCatalogTests {

    private static final String PNG = "data:image/png;base64,iVBORw0KGgo=";

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
    void everySeededModelServesASchemaWithInputOutputAndResolvableReferences() {
        for (ModelCatalog.Entry entry : ModelCatalog.ENTRIES) {
            JsonNode model = http.get("/simulator/v1/models/" + entry.model()).json();
            JsonNode latest = model.path("latest_version");
            assertThat(latest.path("id").asText()).as(entry.model()).isEqualTo(entry.version());
            JsonNode schema = latest.path("openapi_schema");
            JsonNode schemas = schema.path("components").path("schemas");
            assertThat(schemas.path("Input").path("type").asText())
                    .as(entry.model())
                    .isEqualTo("object");
            assertThat(schemas.path("Input").path("properties").size())
                    .as(entry.model())
                    .isGreaterThan(2);
            assertThat(schemas.has("Output")).as(entry.model()).isTrue();
            for (String ref : refs(schema)) {
                assertThat(schemas.has(ref.substring("#/components/schemas/".length())))
                        .as(entry.model() + " " + ref)
                        .isTrue();
            }
            JsonNode versions = http.get("/simulator/v1/models/" + entry.model() + "/versions")
                    .json();
            assertThat(versions.path("results").get(0).path("id").asText()).isEqualTo(entry.version());
            JsonNode version = http.get("/simulator/v1/models/" + entry.model() + "/versions/" + entry.version())
                    .json();
            assertThat(version.path("openapi_schema")).isEqualTo(schema);
            assertThat(version.path("cog_version").asText()).isNotBlank();
        }
    }

    @Test
    void theSchemasCarryTheRealModelsNotableInputs() {
        assertThat(input("black-forest-labs/flux-dev")
                        .path("guidance")
                        .path("maximum")
                        .asInt())
                .isEqualTo(10);
        assertThat(input("black-forest-labs/flux-dev").has("guidance_scale")).isFalse();
        assertThat(enumOf("black-forest-labs/flux-dev", "megapixels")).containsExactly("1", "0.25");
        assertThat(input("black-forest-labs/flux-dev-lora")
                        .path("lora_scale")
                        .path("minimum")
                        .asInt())
                .isEqualTo(-1);
        assertThat(enumOf("black-forest-labs/flux-1.1-pro", "aspect_ratio")).contains("custom");
        assertThat(input("black-forest-labs/flux-kontext-pro")
                        .path("aspect_ratio")
                        .path("default")
                        .asText())
                .isEqualTo("match_input_image");
        assertThat(input("black-forest-labs/flux-2-pro")
                        .path("input_images")
                        .path("maxItems")
                        .asInt())
                .isEqualTo(8);
        assertThat(enumOf("stability-ai/sdxl", "refine"))
                .containsExactly("no_refiner", "expert_ensemble_refiner", "base_image_refiner");
        assertThat(enumOf("bytedance/seedream-4", "size")).containsExactly("1K", "2K", "4K", "custom");
        assertThat(trainingInput("ostris/flux-dev-lora-trainer")
                        .path("steps")
                        .path("maximum")
                        .asInt())
                .isEqualTo(6000);
        assertThat(enumOf("replicate/fast-flux-trainer", "lora_type")).containsExactly("subject", "style");
    }

    static Stream<Arguments> validInputs() {
        return Stream.of(
                Arguments.of(
                        "black-forest-labs/flux-schnell",
                        Map.of("prompt", "a fox", "megapixels", "0.25", "go_fast", false, "num_outputs", 4)),
                Arguments.of(
                        "black-forest-labs/flux-dev",
                        Map.of("prompt", "a fox", "guidance", 3.5, "image", PNG, "prompt_strength", 0.5)),
                Arguments.of(
                        "black-forest-labs/flux-dev-lora",
                        Map.of(
                                "prompt",
                                "a fox",
                                "lora_weights",
                                "fofr/flux-pixar-cars",
                                "lora_scale",
                                -0.5,
                                "extra_lora",
                                "https://huggingface.co/x/y/resolve/main/lora.safetensors",
                                "extra_lora_scale",
                                2.5)),
                Arguments.of(
                        "black-forest-labs/flux-1.1-pro",
                        Map.of(
                                "prompt",
                                "a fox",
                                "aspect_ratio",
                                "custom",
                                "width",
                                1440,
                                "height",
                                256,
                                "safety_tolerance",
                                6,
                                "prompt_upsampling",
                                true,
                                "image_prompt",
                                PNG)),
                Arguments.of(
                        "black-forest-labs/flux-kontext-pro",
                        Map.of("prompt", "make it snow", "input_image", "https://example.com/in.jpg")),
                Arguments.of(
                        "black-forest-labs/flux-2-pro",
                        Map.of(
                                "prompt",
                                "a fox",
                                "input_images",
                                Collections.nCopies(8, "https://example.com/ref.png"),
                                "resolution",
                                "2 MP")),
                Arguments.of(
                        "black-forest-labs/flux-2-dev",
                        Map.of("prompt", "a fox", "input_images", List.of(PNG), "aspect_ratio", "match_input_image")),
                Arguments.of(
                        "google/imagen-4",
                        Map.of(
                                "prompt",
                                "a fox",
                                "aspect_ratio",
                                "9:16",
                                "safety_filter_level",
                                "block_medium_and_above",
                                "output_format",
                                "png")),
                Arguments.of(
                        "bytedance/seedream-4",
                        Map.of(
                                "prompt",
                                "a fox",
                                "image_input",
                                List.of(PNG),
                                "size",
                                "4K",
                                "sequential_image_generation",
                                "auto",
                                "max_images",
                                3)),
                Arguments.of(
                        "google/nano-banana",
                        Map.of("prompt", "a fox", "image_input", List.of(PNG, PNG), "aspect_ratio", "4:3")),
                Arguments.of(
                        "ideogram-ai/ideogram-v3-turbo",
                        Map.of(
                                "prompt",
                                "a sign",
                                "resolution",
                                "1280x768",
                                "magic_prompt_option",
                                "Off",
                                "style_type",
                                "Design",
                                "image",
                                PNG,
                                "mask",
                                PNG)),
                Arguments.of(
                        "recraft-ai/recraft-v3",
                        Map.of("prompt", "a fox", "size", "1365x1024", "style", "digital_illustration/pixel_art")));
    }

    @ParameterizedTest
    @MethodSource("validInputs")
    void aValidInputOfEachModelFamilyIsAccepted(String model, Map<String, Object> input) {
        var created = http.post("/simulator/v1/models/" + model + "/predictions", Map.of("input", input));

        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        assertThat(created.json().path("model").asText()).isEqualTo(model);
        assertThat(created.json().path("input").path("prompt").asText()).isEqualTo(input.get("prompt"));
    }

    @Test
    void sdxlIsPinnedByVersionAndTakesItsOwnInputs() {
        var created = http.post(
                "/simulator/v1/predictions",
                Map.of(
                        "version",
                        "stability-ai/sdxl:" + ModelCatalog.SDXL_VERSION,
                        "input",
                        Map.of(
                                "prompt",
                                "a fox",
                                "scheduler",
                                "KarrasDPM",
                                "refine",
                                "expert_ensemble_refiner",
                                "num_inference_steps",
                                500,
                                "guidance_scale",
                                50,
                                "width",
                                768,
                                "height",
                                1152,
                                "apply_watermark",
                                false)));

        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        assertThat(created.json().path("model").asText()).isEqualTo("stability-ai/sdxl");
        assertThat(created.json().path("version").asText()).isEqualTo(ModelCatalog.SDXL_VERSION);
    }

    static Stream<Arguments> invalidInputs() {
        List<String> nine = Collections.nCopies(9, "https://example.com/ref.png");
        return Stream.of(
                Arguments.of("black-forest-labs/flux-dev", Map.of("guidance", 3), "input.prompt", "required"),
                Arguments.of(
                        "black-forest-labs/flux-dev",
                        Map.of("prompt", "x", "aspect_ratio", "7:3"),
                        "input.aspect_ratio",
                        "enum"),
                Arguments.of(
                        "black-forest-labs/flux-1.1-pro",
                        Map.of("prompt", "x", "aspect_ratio", "7:3"),
                        "input.aspect_ratio",
                        "enum"),
                Arguments.of(
                        "black-forest-labs/flux-1.1-pro",
                        Map.of("prompt", "x", "safety_tolerance", 7),
                        "input.safety_tolerance",
                        "less_than_equal"),
                Arguments.of(
                        "black-forest-labs/flux-dev-lora",
                        Map.of("prompt", "x", "lora_scale", -2),
                        "input.lora_scale",
                        "greater_than_equal"),
                Arguments.of(
                        "black-forest-labs/flux-dev",
                        Map.of("prompt", "x", "num_outputs", "2"),
                        "input.num_outputs",
                        "invalid_type"),
                Arguments.of(
                        "black-forest-labs/flux-schnell",
                        Map.of("prompt", "x", "num_inference_steps", 2.5),
                        "input.num_inference_steps",
                        "invalid_type"),
                Arguments.of(
                        "black-forest-labs/flux-2-pro",
                        Map.of("prompt", "x", "input_images", nine),
                        "input.input_images",
                        "array_max_items"),
                Arguments.of(
                        "black-forest-labs/flux-kontext-pro",
                        Map.of("prompt", "x", "input_image", "my-photo.jpg"),
                        "input.input_image",
                        "format"),
                Arguments.of(
                        "bytedance/seedream-4",
                        Map.of("prompt", "x", "image_input", List.of(42)),
                        "input.image_input.0",
                        "invalid_type"),
                Arguments.of(
                        "google/imagen-4",
                        Map.of("prompt", "x", "output_format", "webp"),
                        "input.output_format",
                        "enum"),
                Arguments.of(
                        "ideogram-ai/ideogram-v3-turbo",
                        Map.of("prompt", "x", "seed", 2_147_483_648L),
                        "input.seed",
                        "less_than_equal"),
                Arguments.of(
                        "recraft-ai/recraft-v3", Map.of("prompt", "x", "style", "watercolor"), "input.style", "enum"));
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void badInputsAreAnswered422WithInvalidFieldsNamingTheField(
            String model, Map<String, Object> input, String field, String type) {
        int before = state.predictions.size();

        var answer = http.post("/simulator/v1/models/" + model + "/predictions", Map.of("input", input));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("title").asText()).isEqualTo("Input validation failed");
        assertThat(answer.json().path("status").asInt()).isEqualTo(422);
        assertThat(answer.json().path("detail").asText()).startsWith("- " + field + ": ");
        assertThat(answer.json().path("invalid_fields")).singleElement().satisfies(invalid -> {
            assertThat(invalid.path("field").asText()).isEqualTo(field);
            assertThat(invalid.path("type").asText()).isEqualTo(type);
            assertThat(invalid.path("description").asText()).isNotBlank();
        });
        assertThat(state.predictions.size()).as("nothing created").isEqualTo(before);
    }

    @Test
    void everyInvalidFieldIsNamedAtOnce() {
        var answer = http.post(
                "/simulator/v1/models/black-forest-labs/flux-dev/predictions",
                Map.of("input", Map.of("prompt", "x", "num_outputs", 9, "output_format", "gif")));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(fields(answer.json())).containsExactlyInAnyOrder("input.num_outputs", "input.output_format");
        assertThat(answer.json().path("invalid_fields").findValuesAsText("description"))
                .contains("Must be less than or equal to 4");
    }

    @Test
    void inputsTheSchemaDoesNotNameAreIgnored() {
        var created = http.post(
                "/simulator/v1/models/black-forest-labs/flux-dev/predictions",
                Map.of("input", Map.of("prompt", "typos", "guidance_scale", 99, "numoutputs", 3)),
                "Prefer",
                "wait=60");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("input").path("guidance_scale").asInt()).isEqualTo(99);
        assertThat(created.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(created.json().path("output")).hasSize(1);
    }

    @Test
    void singleUriModelsAnswerOneUrlAndListModelsAListInTheirFormats() {
        JsonNode imagen = succeeded("google/imagen-4", Map.of("prompt", "one"));
        assertThat(imagen.isTextual()).isTrue();
        assertThat(imagen.asText()).endsWith("/out-0.jpg");

        JsonNode ideogram =
                succeeded("ideogram-ai/ideogram-v3-turbo", Map.of("prompt", "one", "resolution", "1280x768"));
        assertThat(ideogram.isTextual()).isTrue();
        assertThat(ideogram.asText()).endsWith(".png");
        var image = http.get(ideogram.asText());
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(http.get(ideogram.asText().replace("out-0", "out-1")).status())
                .isEqualTo(404);

        JsonNode kontext =
                succeeded("black-forest-labs/flux-kontext-pro", Map.of("prompt", "edit", "output_format", "jpg"));
        assertThat(kontext.asText()).endsWith("/out-0.jpg");

        JsonNode schnell = succeeded("black-forest-labs/flux-schnell", Map.of("prompt", "three", "num_outputs", 3));
        assertThat(schnell.isArray()).isTrue();
        assertThat(schnell).hasSize(3).allSatisfy(url -> assertThat(url.asText())
                .endsWith(".webp"));
        assertThat(http.get(schnell.get(2).asText()).status()).isEqualTo(200);

        JsonNode sequence = succeeded(
                "bytedance/seedream-4",
                Map.of("prompt", "a story", "sequential_image_generation", "auto", "max_images", 2));
        assertThat(sequence).hasSize(2).allSatisfy(url -> assertThat(url.asText())
                .endsWith(".jpg"));
        JsonNode single = succeeded("bytedance/seedream-4", Map.of("prompt", "one", "max_images", 3));
        assertThat(single.isArray()).isTrue();
        assertThat(single).hasSize(1);
    }

    @Test
    void theSeededDeploymentShowsItsReleaseAndRunsItsModel() {
        JsonNode deployment =
                http.get("/simulator/v1/deployments/acme/flux-schnell-fast").json();
        assertThat(deployment.path("owner").asText()).isEqualTo("acme");
        assertThat(deployment.path("name").asText()).isEqualTo("flux-schnell-fast");
        JsonNode release = deployment.path("current_release");
        assertThat(release.path("number").asInt()).isEqualTo(1);
        assertThat(release.path("model").asText()).isEqualTo("black-forest-labs/flux-schnell");
        assertThat(release.path("version").asText()).isEqualTo(ModelCatalog.FLUX_SCHNELL_VERSION);
        assertThat(release.path("created_at").asText()).isNotBlank();
        assertThat(release.path("configuration").path("hardware").asText()).isNotBlank();
        assertThat(release.path("configuration").path("min_instances").isInt()).isTrue();
        assertThat(release.path("configuration").path("max_instances").asInt()).isPositive();

        var created = http.post(
                "/simulator/v1/deployments/acme/flux-schnell-fast/predictions",
                Map.of("input", Map.of("prompt", "fast")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("model").asText()).isEqualTo("black-forest-labs/flux-schnell");
        assertThat(created.json().path("version").asText()).isEqualTo(ModelCatalog.FLUX_SCHNELL_VERSION);

        var invalid = http.post(
                "/simulator/v1/deployments/acme/flux-schnell-fast/predictions",
                Map.of("input", Map.of("prompt", "slow", "num_inference_steps", 28)));
        assertThat(invalid.status()).as("validated as flux-schnell").isEqualTo(422);

        assertThat(http.get("/simulator/v1/deployments/acme/nothing").status()).isEqualTo(404);
        assertThat(http.post(
                                "/simulator/v1/deployments/acme/nothing/predictions",
                                Map.of("input", Map.of("prompt", "x")))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aModelCreatedWithPostModelsHasNoVersionUntilTrained() {
        String name = "empty-" + System.nanoTime();
        var created = http.post(
                "/simulator/v1/models",
                Map.of("owner", "me", "name", name, "visibility", "private", "hardware", "gpu-t4"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("latest_version").isNull()).isTrue();
        assertThat(http.get("/simulator/v1/models/me/" + name + "/versions")
                        .json()
                        .path("results"))
                .isEmpty();
        assertThat(http.post("/simulator/v1/models/me/" + name + "/predictions", Map.of("input", Map.of("prompt", "x")))
                        .status())
                .isEqualTo(404);
        assertThat(http.post(
                                "/simulator/v1/models",
                                Map.of("owner", "me", "name", name, "visibility", "private", "hardware", "gpu-t4"))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aTrainedVersionExposesTheFluxLoraSchemaAndValidatesAgainstIt() {
        String destination = newModel();
        JsonNode training = train(
                "ostris/flux-dev-lora-trainer",
                ModelCatalog.OSTRIS_TRAINER_VERSION,
                destination,
                Map.of("input_images", "https://example.com/faces.zip", "trigger_word", "TOK", "steps", 20));
        String version = training.path("output").path("version").asText();
        assertThat(version).startsWith(destination + ":");
        String versionId = version.substring(version.indexOf(':') + 1);

        JsonNode latest = http.get("/simulator/v1/models/" + destination).json().path("latest_version");
        assertThat(latest.path("id").asText()).isEqualTo(versionId);
        JsonNode schemas = latest.path("openapi_schema").path("components").path("schemas");
        JsonNode properties = schemas.path("Input").path("properties");
        assertThat(List.of("prompt", "lora_scale", "extra_lora", "extra_lora_scale", "guidance_scale", "num_outputs"))
                .allSatisfy(name -> assertThat(properties.has(name)).as(name).isTrue());
        assertThat(schemas.path("Input")
                        .path("properties")
                        .path("lora_scale")
                        .path("maximum")
                        .asInt())
                .isEqualTo(3);
        assertThat(schemas.path("Output").path("type").asText()).isEqualTo("array");
        assertThat(http.get("/simulator/v1/models/" + destination + "/versions/" + versionId)
                        .status())
                .isEqualTo(200);

        var tooStrong = http.post(
                "/simulator/v1/predictions",
                Map.of("version", versionId, "input", Map.of("prompt", "TOK smiling", "lora_scale", 4)));
        assertThat(tooStrong.status()).isEqualTo(422);
        assertThat(fields(tooStrong.json())).containsExactly("input.lora_scale");
        var run = http.post(
                "/simulator/v1/predictions",
                Map.of("version", version, "input", Map.of("prompt", "TOK smiling", "num_outputs", 2)),
                "Prefer",
                "wait=60");
        assertThat(run.status()).isEqualTo(201);
        assertThat(run.json().path("model").asText()).isEqualTo(destination);
        assertThat(run.json().path("output")).hasSize(2);
    }

    @Test
    void trainingInputsAreValidatedAgainstTheTrainersSchema() {
        String destination = newModel();
        var tooFewSteps = http.post(
                "/simulator/v1/models/ostris/flux-dev-lora-trainer/versions/" + ModelCatalog.OSTRIS_TRAINER_VERSION
                        + "/trainings",
                Map.of(
                        "destination",
                        destination,
                        "input",
                        Map.of("input_images", "https://example.com/x.zip", "steps", 2)));
        assertThat(tooFewSteps.status()).isEqualTo(422);
        assertThat(fields(tooFewSteps.json())).containsExactly("input.steps");

        var fast = "/simulator/v1/models/replicate/fast-flux-trainer/versions/" + ModelCatalog.FAST_FLUX_TRAINER_VERSION
                + "/trainings";
        var noImages = http.post(fast, Map.of("destination", destination, "input", Map.of("lora_type", "both")));
        assertThat(noImages.status()).isEqualTo(422);
        assertThat(fields(noImages.json())).containsExactlyInAnyOrder("input.input_images", "input.lora_type");

        var notATrainer = http.post(
                "/simulator/v1/models/black-forest-labs/flux-dev/versions/" + ModelCatalog.FLUX_DEV_VERSION
                        + "/trainings",
                Map.of("destination", destination, "input", Map.of()));
        assertThat(notATrainer.status()).isEqualTo(400);

        JsonNode style = train(
                "replicate/fast-flux-trainer",
                ModelCatalog.FAST_FLUX_TRAINER_VERSION,
                destination,
                Map.of("input_images", "https://example.com/x.zip", "lora_type", "style", "training_steps", 10));
        assertThat(style.path("output").path("weights").asText()).contains("/simulator/delivery/");
    }

    private JsonNode succeeded(String model, Map<String, Object> input) {
        var created = http.post(
                "/simulator/v1/models/" + model + "/predictions", Map.of("input", input), "Prefer", "wait=60");
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        assertThat(created.json().path("status").asText()).isEqualTo("succeeded");
        return created.json().path("output");
    }

    private String newModel() {
        String name = "faces-" + System.nanoTime();
        http.post(
                "/simulator/v1/models",
                Map.of("owner", "me", "name", name, "visibility", "private", "hardware", "gpu-t4"));
        return "me/" + name;
    }

    private JsonNode train(String trainer, String version, String destination, Map<String, Object> input) {
        var created = http.post(
                "/simulator/v1/models/" + trainer + "/versions/" + version + "/trainings",
                Map.of("destination", destination, "input", input));
        assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
        String id = created.json().path("id").asText();
        return await().atMost(10, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(30))
                .until(
                        () -> http.get("/simulator/v1/trainings/" + id).json(),
                        t -> t.path("status").asText().equals("succeeded"));
    }

    private JsonNode input(String model) {
        return schemas(model).path("Input").path("properties");
    }

    private JsonNode trainingInput(String model) {
        return schemas(model).path("TrainingInput").path("properties");
    }

    /** An input's enum (of Input, or TrainingInput for a trainer), written inline or in the schema its allOf names. */
    private List<String> enumOf(String model, String input) {
        JsonNode schemas = schemas(model);
        JsonNode property = schemas.path("Input").path("properties").path(input);
        if (property.isMissingNode()) {
            property = schemas.path("TrainingInput").path("properties").path(input);
        }
        JsonNode values = property.has("enum")
                ? property.path("enum")
                : schemas.path(property.path("allOf")
                                .path(0)
                                .path("$ref")
                                .asText()
                                .replace("#/components/schemas/", ""))
                        .path("enum");
        return IntStream.range(0, values.size())
                .mapToObj(i -> values.get(i).asText())
                .toList();
    }

    private JsonNode schemas(String model) {
        return http.get("/simulator/v1/models/" + model)
                .json()
                .path("latest_version")
                .path("openapi_schema")
                .path("components")
                .path("schemas");
    }

    private static List<String> refs(JsonNode node) {
        return node.findValuesAsText("$ref");
    }

    private static List<String> fields(JsonNode problem) {
        return problem.path("invalid_fields").findValuesAsText("field");
    }
}
