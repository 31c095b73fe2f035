package dev.replicategateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicategateway.web.FieldError;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each family's own schema, as the simulator publishes Replicate's: what it takes and what it refuses. */
class ModelSchemaTests {

    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of(
                        "black-forest-labs/flux-schnell",
                        Map.of("prompt", "x", "num_inference_steps", 4, "megapixels", "0.25", "go_fast", true),
                        Map.of("prompt", "x", "num_inference_steps", 5),
                        "num_inference_steps"),
                Arguments.of(
                        "black-forest-labs/flux-dev",
                        Map.of("prompt", "x", "guidance", 3.5, "image", "https://x/y.png", "prompt_strength", 0.8),
                        Map.of("prompt", "x", "guidance", 11),
                        "guidance"),
                Arguments.of(
                        "black-forest-labs/flux-dev-lora",
                        Map.of("prompt", "x", "lora_weights", "me/faces", "lora_scale", 1.2, "extra_lora_scale", -0.5),
                        Map.of("prompt", "x", "lora_scale", 4),
                        "lora_scale"),
                Arguments.of(
                        "black-forest-labs/flux-1.1-pro",
                        Map.of("prompt", "x", "image_prompt", "https://x/y.png", "safety_tolerance", 2),
                        Map.of("prompt", "x", "safety_tolerance", 7),
                        "safety_tolerance"),
                Arguments.of(
                        "black-forest-labs/flux-kontext-pro",
                        Map.of(
                                "prompt",
                                "make it blue",
                                "input_image",
                                "https://x/y.png",
                                "aspect_ratio",
                                "match_input_image"),
                        Map.of("prompt", "x", "output_format", "webp"),
                        "output_format"),
                Arguments.of(
                        "black-forest-labs/flux-2-pro",
                        Map.of("prompt", "x", "input_images", List.of("https://x/a.png"), "resolution", "1 MP"),
                        Map.of("prompt", "x", "resolution", "3 MP"),
                        "resolution"),
                Arguments.of(
                        "black-forest-labs/flux-2-dev",
                        Map.of("prompt", "x", "input_images", List.of("https://x/a.png", "https://x/b.png")),
                        Map.of(
                                "prompt",
                                "x",
                                "input_images",
                                List.of(
                                        "https://x/1.png",
                                        "https://x/2.png",
                                        "https://x/3.png",
                                        "https://x/4.png",
                                        "https://x/5.png")),
                        "input_images"),
                Arguments.of(
                        "stability-ai/sdxl",
                        Map.of(
                                "prompt",
                                "x",
                                "scheduler",
                                "K_EULER",
                                "refine",
                                "expert_ensemble_refiner",
                                "width",
                                768),
                        Map.of("prompt", "x", "scheduler", "euler"),
                        "scheduler"),
                Arguments.of(
                        "google/imagen-4",
                        Map.of("prompt", "x", "safety_filter_level", "block_only_high", "output_format", "png"),
                        Map.of("prompt", "x", "aspect_ratio", "21:9"),
                        "aspect_ratio"),
                Arguments.of(
                        "google/nano-banana",
                        Map.of("prompt", "x", "image_input", List.of("https://x/a.png", "https://x/b.png")),
                        Map.of("prompt", "x", "image_input", "https://x/a.png"),
                        "image_input"),
                Arguments.of(
                        "bytedance/seedream-4",
                        Map.of("prompt", "x", "size", "4K", "max_images", 3, "sequential_image_generation", "auto"),
                        Map.of("prompt", "x", "size", "8K"),
                        "size"),
                Arguments.of(
                        "ideogram-ai/ideogram-v3-turbo",
                        Map.of("prompt", "a sign saying OPEN", "style_type", "Design", "magic_prompt_option", "Off"),
                        Map.of("prompt", "x", "seed", "forty-two"),
                        "seed"),
                Arguments.of(
                        "recraft-ai/recraft-v3",
                        Map.of("prompt", "x", "style", "digital_illustration/pixel_art", "size", "1365x1024"),
                        Map.of("prompt", "x", "style", "oil"),
                        "style"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void eachFamilyTakesItsOwnInputsAndRefusesWhatItsSchemaDoesNot(
            String model, Map<String, Object> good, Map<String, Object> bad, String badField) {
        ModelSchema schema = CatalogFromResources.schemaOf(model);

        assertThat(schema.validate(good, Map.of())).isEmpty();
        assertThat(schema.validate(bad, Map.of())).extracting(FieldError::field).containsExactly(badField);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void aMisspeltInputIsRefusedRatherThanRunWithDefaults(String model) {
        ModelSchema schema = CatalogFromResources.schemaOf(model);

        List<FieldError> errors = schema.validate(Map.of("prompt", "x", "aspect_ration", "16:9"), Map.of());

        assertThat(errors).extracting(FieldError::field).containsExactly("aspect_ration");
        assertThat(errors.get(0).message()).startsWith("is not an input of " + model);
    }

    @Test
    void aTypoIsAnsweredWithTheInputItWasProbablyMeantToBe() {
        ModelSchema schema = CatalogFromResources.schemaOf("black-forest-labs/flux-dev");

        assertThat(schema.validate(Map.of("prompt", "x", "aspect_ration", "16:9"), Map.of()))
                .containsExactly(new FieldError(
                        "aspect_ration", "is not an input of black-forest-labs/flux-dev; did you mean aspect_ratio?"));
        assertThat(schema.validate(Map.of("prompt", "x", "colour", "red"), Map.of())
                        .get(0)
                        .message())
                .contains("its inputs are prompt, aspect_ratio, image");
    }

    @Test
    void aRequiredInputIsNamedAndAFieldIsReportedUnderTheNameTheRequestUsed() {
        ModelSchema schema = CatalogFromResources.schemaOf("black-forest-labs/flux-dev");

        assertThat(schema.validate(Map.of("guidance", 12), Map.of("guidance", "guidance_scale")))
                .containsExactly(
                        new FieldError("guidance_scale", "must be at most 10 for black-forest-labs/flux-dev"),
                        new FieldError("prompt", "is required by black-forest-labs/flux-dev"));
    }

    @Test
    void anItemOfAListIsNamedByItsIndex() {
        ModelSchema schema = CatalogFromResources.schemaOf("black-forest-labs/flux-2-dev");

        assertThat(schema.validate(
                        Map.of("prompt", "x", "input_images", List.of("https://x/1.png", 7)),
                        Map.of("input_images", "images")))
                .extracting(FieldError::field)
                .containsExactly("images[1]");
    }

    @Test
    void theInputImagesGoIntoIsFoundInEachSchema() {
        assertThat(imageInputOf("black-forest-labs/flux-kontext-pro")).isEqualTo("input_image one");
        assertThat(imageInputOf("black-forest-labs/flux-2-pro")).isEqualTo("input_images list");
        assertThat(imageInputOf("google/nano-banana")).isEqualTo("image_input list");
        assertThat(imageInputOf("bytedance/seedream-4")).isEqualTo("image_input list");
        assertThat(imageInputOf("black-forest-labs/flux-1.1-pro")).isEqualTo("image_prompt one");
        assertThat(imageInputOf("ideogram-ai/ideogram-v3-turbo")).isEqualTo("image one");
        assertThat(CatalogFromResources.schemaOf("google/imagen-4").imageInput())
                .isEmpty();
        assertThat(CatalogFromResources.schemaOf("recraft-ai/recraft-v3").imageInput())
                .isEmpty();
    }

    @Test
    void theOutputShapeSaysWhetherAModelAnswersOneUriOrAList() {
        assertThat(CatalogFromResources.schemaOf("black-forest-labs/flux-1.1-pro")
                        .output())
                .isEqualTo(OutputShape.SINGLE);
        assertThat(CatalogFromResources.schemaOf("google/nano-banana").output()).isEqualTo(OutputShape.SINGLE);
        assertThat(CatalogFromResources.schemaOf("black-forest-labs/flux-dev").output())
                .isEqualTo(OutputShape.LIST);
        assertThat(CatalogFromResources.schemaOf("bytedance/seedream-4").output())
                .isEqualTo(OutputShape.LIST);
    }

    @Test
    void aPresetMapsOntoTheInputsAModelHasAndIsRefusedWhereItsAspectRatioIsNotOffered() {
        Map<String, Object> portrait =
                Map.of("aspect_ratio", "2:3", "guidance", 4.0, "num_inference_steps", 30, "output_format", "webp");

        assertThat(Presets.applied(CatalogFromResources.schemaOf("black-forest-labs/flux-schnell"), portrait))
                .contains(Map.of("aspect_ratio", "2:3", "output_format", "webp"));
        assertThat(Presets.applied(CatalogFromResources.schemaOf("black-forest-labs/flux-dev-lora"), portrait))
                .hasValueSatisfying(applied -> assertThat(applied).containsEntry("guidance", 4.0));
        assertThat(Presets.applied(CatalogFromResources.schemaOf("stability-ai/sdxl"), portrait))
                .isEmpty();
        assertThat(Presets.applied(CatalogFromResources.schemaOf("google/imagen-4"), portrait))
                .isEmpty();
    }

    private static String imageInputOf(String model) {
        InputField field = CatalogFromResources.schemaOf(model).imageInput().orElseThrow();
        return field.name() + (field.isList() ? " list" : " one");
    }
}
