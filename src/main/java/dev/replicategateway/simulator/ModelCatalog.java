package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the simulator starts with. Each has one version, whose {@code openapi_schema} is a resource
 * file, {@code simulator/models/<owner>/<name>.json}, written after the real model's published schema.
 * A version a training publishes gets {@code simulator/trained/flux-lora.json}, the schema of a model
 * trained with the Flux LoRA trainers.
 */
final class ModelCatalog {

    static final String FLUX_DEV_VERSION = "a1f7c1a1b6c6d1e7f7e3c5d4b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3";
    static final String FLUX_SCHNELL_VERSION = "b2e8d2b2c7d7e2f8e8f4d6e5c3b2e1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4";
    static final String SDXL_VERSION = "7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc";
    static final String OSTRIS_TRAINER_VERSION = "e440909d3512c31646ee2e0c7d6f6f4923224863a6a10c494606e79fb5844497";
    static final String FAST_FLUX_TRAINER_VERSION = "a0fd86bb3355e58016462a0255a62b91742664498bf9a11d15ef51ec4e03aee3";

    /**
     * @param naturalFormat the extension of its outputs when its input has no {@code output_format}
     */
    record Entry(String model, String version, String naturalFormat, String description) {}

    static final List<Entry> ENTRIES = List.of(
            new Entry(
                    "black-forest-labs/flux-schnell",
                    FLUX_SCHNELL_VERSION,
                    "webp",
                    "The fastest image generation model tailored for local development and personal use"),
            new Entry(
                    "black-forest-labs/flux-dev",
                    FLUX_DEV_VERSION,
                    "webp",
                    "A 12 billion parameter rectified flow transformer capable of generating images from text"
                            + " descriptions"),
            new Entry(
                    "black-forest-labs/flux-dev-lora",
                    "615c1cf5505cbd082913239a533c55462620d21c9ec622e5ef3c634ab19c9295",
                    "webp",
                    "A version of flux-dev, a text to image model, that supports fast fine-tuned lora inference"),
            new Entry(
                    "black-forest-labs/flux-1.1-pro",
                    "8aca707f8149f0579c90d1736ef28349c5c595f6799c6da13b0a434b3fbf040d",
                    "webp",
                    "Faster, better FLUX Pro. Text-to-image model with excellent image quality, prompt adherence,"
                            + " and output diversity."),
            new Entry(
                    "black-forest-labs/flux-kontext-pro",
                    "b6819e600b881f0368e14698ee948f99e1625a4f7b4d309280cd0b503b2da7b9",
                    "png",
                    "A state-of-the-art text-based image editing model that transforms images through natural"
                            + " language"),
            new Entry(
                    "black-forest-labs/flux-2-pro",
                    "95e3b8a9e9d479166fb7aafb80b6a9bc77b0fd72edd6596a1b042079b8853832",
                    "webp",
                    "High-quality image generation and editing with support for eight reference images"),
            new Entry(
                    "black-forest-labs/flux-2-dev",
                    "091e35f7358d9e59d9d54e95355b2d3ceecc1c0e024cafec6a5c2a08174d4c8b",
                    "webp",
                    "Quality image generation and editing with support for reference images"),
            new Entry(
                    "stability-ai/sdxl",
                    SDXL_VERSION,
                    "png",
                    "A text-to-image generative AI model that creates beautiful images"),
            new Entry(
                    "google/imagen-4",
                    "a196f721438dc1e5e8edc8c9dfe724d5a9c1561e65bb12a46ba5c884f4b36216",
                    "jpg",
                    "Google's Imagen 4 flagship model"),
            new Entry(
                    "bytedance/seedream-4",
                    "9b8e1426b351df5daaded85b9a4ecbe338debcb2516bfb5a5d41c9e79f69e67a",
                    "jpg",
                    "Unified text-to-image generation and precise single-sentence editing at up to 4K resolution"),
            new Entry(
                    "google/nano-banana",
                    "adeb54d76422221ce7025f3d48e376d77f39d776ddfd2702b177cdd9554148a0",
                    "jpg",
                    "Google's latest image editing model in Gemini 2.5"),
            new Entry(
                    "ideogram-ai/ideogram-v3-turbo",
                    "778cbd107ce5984ecf5bded4f3f01a1a9c2e2f564c8d57f077efee3495c357fb",
                    "png",
                    "Turbo is the fastest and cheapest Ideogram v3. v3 creates images with stunning realism, creative"
                            + " designs, and consistent styles"),
            new Entry(
                    "recraft-ai/recraft-v3",
                    "25ecf2bd556e116a553676a9efd092e3249170573f296800eafa2969f93cd8aa",
                    "webp",
                    "Recraft V3 (code-named red_panda) is a text-to-image model with the ability to generate long"
                            + " texts, and images in a wide list of styles"),
            new Entry(
                    "ostris/flux-dev-lora-trainer",
                    OSTRIS_TRAINER_VERSION,
                    "webp",
                    "Fine-tune FLUX.1-dev using ai-toolkit"),
            new Entry(
                    "replicate/fast-flux-trainer",
                    FAST_FLUX_TRAINER_VERSION,
                    "webp",
                    "Train subjects or styles faster than ever"));

    private final Map<String, JsonNode> schemas = new LinkedHashMap<>();
    private final JsonNode trainedLoraSchema;

    ModelCatalog() {
        ObjectMapper json = new ObjectMapper();
        for (Entry entry : ENTRIES) {
            schemas.put(entry.model(), read(json, "/simulator/models/" + entry.model() + ".json"));
        }
        trainedLoraSchema = read(json, "/simulator/trained/flux-lora.json");
    }

    JsonNode schemaOf(String model) {
        return schemas.get(model);
    }

    JsonNode trainedLoraSchema() {
        return trainedLoraSchema;
    }

    private static JsonNode read(ObjectMapper json, String resource) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing simulator resource " + resource);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
