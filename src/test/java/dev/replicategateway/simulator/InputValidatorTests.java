package dev.replicategateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The simulator's own JSON-schema checks, on a small Cog-style schema. */
class InputValidatorTests {

    private static final JsonNode SCHEMA = parse(
            """
            {"components": {"schemas": {
              "Input": {"type": "object", "required": ["prompt"], "properties": {
                "prompt": {"type": "string", "x-order": 0},
                "steps": {"type": "integer", "minimum": 1, "maximum": 50, "default": 28},
                "strength": {"type": "number", "minimum": 0, "maximum": 1},
                "flag": {"type": "boolean"},
                "ratio": {"allOf": [{"$ref": "#/components/schemas/ratio"}], "default": "1:1"},
                "mode": {"type": "string", "enum": ["fast", "slow"]},
                "image": {"type": "string", "format": "uri"},
                "refs": {"type": "array", "items": {"type": "string", "format": "uri"}, "minItems": 1, "maxItems": 2}
              }},
              "ratio": {"type": "string", "enum": ["1:1", "16:9"], "title": "ratio"}
            }}}
            """);

    @Test
    void aValidInputHasNoInvalidFields() {
        assertThat(check(Map.of(
                        "prompt",
                        "x",
                        "steps",
                        50,
                        "strength",
                        0.5,
                        "flag",
                        true,
                        "ratio",
                        "16:9",
                        "mode",
                        "slow",
                        "image",
                        "data:image/png;base64,AAAA",
                        "refs",
                        List.of("https://example.com/a.png"))))
                .isEmpty();
    }

    @Test
    void aMissingOrNullRequiredInputIsRequired() {
        Map<String, Object> input = new HashMap<>();
        input.put("prompt", null);
        assertThat(check(input))
                .containsExactly(new InputValidator.InvalidField("required", "input.prompt", "prompt is required"));
    }

    @Test
    void typesAreCheckedAndAWholeFloatIsAnInteger() {
        assertThat(check(Map.of("prompt", "x", "steps", 4.0))).isEmpty();
        assertThat(check(Map.of("prompt", "x", "steps", 4.5)))
                .containsExactly(new InputValidator.InvalidField(
                        "invalid_type", "input.steps", "Invalid type. Expected: integer, given: number"));
        assertThat(check(Map.of("prompt", 7, "flag", "true")))
                .extracting(InputValidator.InvalidField::field)
                .containsExactly("input.prompt", "input.flag");
    }

    @Test
    void rangesAreInclusive() {
        assertThat(check(Map.of("prompt", "x", "steps", 1, "strength", 1))).isEmpty();
        assertThat(check(Map.of("prompt", "x", "steps", 51)))
                .containsExactly(new InputValidator.InvalidField(
                        "less_than_equal", "input.steps", "Must be less than or equal to 50"));
        assertThat(check(Map.of("prompt", "x", "strength", -0.1)))
                .containsExactly(new InputValidator.InvalidField(
                        "greater_than_equal", "input.strength", "Must be greater than or equal to 0"));
    }

    @Test
    void enumsAreCheckedInlineAndThroughAReference() {
        assertThat(check(Map.of("prompt", "x", "ratio", "4:3", "mode", "medium")))
                .extracting(InputValidator.InvalidField::type, InputValidator.InvalidField::field)
                .containsExactly(Tuple.tuple("enum", "input.ratio"), Tuple.tuple("enum", "input.mode"));
        assertThat(check(Map.of("prompt", "x", "ratio", "4:3")).get(0).description())
                .isEqualTo("input.ratio must be one of the following: \"1:1\", \"16:9\"");
    }

    @Test
    void arraysAreBoundedAndTheirItemsChecked() {
        assertThat(check(Map.of("prompt", "x", "refs", List.of())))
                .extracting(InputValidator.InvalidField::type)
                .containsExactly("array_min_items");
        assertThat(check(Map.of("prompt", "x", "refs", List.of("https://a", "https://b", "https://c"))))
                .extracting(InputValidator.InvalidField::type)
                .containsExactly("array_max_items");
        assertThat(check(Map.of("prompt", "x", "refs", List.of("https://a", "ftp://b"))))
                .containsExactly(
                        new InputValidator.InvalidField("format", "input.refs.1", "Does not match format 'uri'"));
    }

    @Test
    void fileInputsTakeHttpHttpsAndDataUrlsOnly() {
        assertThat(check(Map.of("prompt", "x", "image", "http://127.0.0.1:8080/simulator/v1/files/abc")))
                .isEmpty();
        assertThat(check(Map.of("prompt", "x", "image", "/tmp/photo.png")))
                .extracting(InputValidator.InvalidField::type)
                .containsExactly("format");
    }

    @Test
    void inputsTheSchemaDoesNotNameAreIgnored() {
        assertThat(check(Map.of("prompt", "x", "stesp", "many", "guidance_scale", 999)))
                .isEmpty();
    }

    @Test
    void validateAnswers422InReplicatesShape() {
        assertThatThrownBy(() -> InputValidator.validate(SCHEMA, "Input", Map.of("steps", 0)))
                .isInstanceOfSatisfying(SimulatorError.class, error -> {
                    assertThat(error.status).isEqualTo(422);
                    assertThat(error.body())
                            .containsEntry("title", "Input validation failed")
                            .containsEntry(
                                    "detail",
                                    "- input.prompt: prompt is required\n"
                                            + "- input.steps: Must be greater than or equal to 1\n");
                    assertThat(error.invalidFields)
                            .extracting(field -> field.get("field"))
                            .containsExactly("input.prompt", "input.steps");
                });
    }

    private static List<InputValidator.InvalidField> check(Map<String, Object> input) {
        return InputValidator.check(SCHEMA, "Input", input);
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
