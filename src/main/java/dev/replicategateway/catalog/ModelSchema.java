package dev.replicategateway.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.replicategateway.web.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A model version's inputs and output, read from its OpenAPI schema (Cog's {@code Input} and
 * {@code Output} under {@code components.schemas}). Inputs are validated with networknt's validator on
 * the OpenAPI 3.0 dialect (which knows {@code nullable}), with {@code additionalProperties: false}
 * added: Replicate would silently ignore a misspelt input and charge for a run with defaults.
 */
public final class ModelSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One registry for every schema (thread-safe); messages in English whatever the machine's locale. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(
            quiet(Dialects.getOpenApi30()),
            builder -> builder.schemaRegistryConfig(
                    SchemaRegistryConfig.builder().locale(Locale.ENGLISH).build()));

    private final String model;
    private final Schema input;
    private final List<InputField> fields;
    private final OutputShape output;
    private final JsonNode openapi;

    private ModelSchema(String model, Schema input, List<InputField> fields, OutputShape output, JsonNode openapi) {
        this.model = model;
        this.input = input;
        this.fields = fields;
        this.output = output;
        this.openapi = openapi;
    }

    /**
     * @param model the model it describes, for messages
     * @param versionId its version (the schema's identity in the validator)
     * @param openapi the version's whole {@code openapi_schema}
     * @throws IllegalArgumentException when it has no {@code Input} schema
     */
    public static ModelSchema of(String model, String versionId, JsonNode openapi) {
        JsonNode document = openapi.deepCopy();
        JsonNode inputNode = document.at("/components/schemas/Input");
        if (!inputNode.isObject()) {
            throw new IllegalArgumentException(model + "'s schema has no components.schemas.Input");
        }
        ((ObjectNode) inputNode).put("additionalProperties", false);
        String iri = "urn:replicate:" + model + ":" + (versionId == null ? "latest" : versionId);
        Schema compiled = REGISTRY.getSchema(SchemaLocation.of(iri), document)
                .getRefSchema(
                        SchemaLocation.of(iri + "#/components/schemas/Input").getFragment());
        compiled.initializeValidators();
        return new ModelSchema(
                model,
                compiled,
                fields(document, inputNode),
                OutputShape.of(document.at("/components/schemas/Output")),
                openapi);
    }

    /** The schema as Replicate published it, for the compatible API's model and version objects. */
    public JsonNode openapi() {
        return openapi;
    }

    public List<InputField> inputs() {
        return fields;
    }

    public OutputShape output() {
        return output;
    }

    public boolean has(String input) {
        return fields.stream().anyMatch(field -> field.name().equals(input));
    }

    public Optional<InputField> field(String input) {
        return fields.stream().filter(field -> field.name().equals(input)).findFirst();
    }

    /** The input images go into, when the model takes any. */
    public Optional<InputField> imageInput() {
        return fields.stream().filter(InputField::takesImages).findFirst();
    }

    /**
     * Every way {@code values} breaks the schema, each named by its input (or, for an input named by
     * the request under another name, by {@code reportedAs}).
     */
    public List<FieldError> validate(Map<String, Object> values, Map<String, String> reportedAs) {
        List<FieldError> errors = new ArrayList<>();
        for (Error error : input.validate(JSON.valueToTree(values))) {
            String name = error.getProperty() != null && !error.getProperty().isBlank()
                    ? error.getProperty()
                    : error.getInstanceLocation()
                            .toString()
                            .replaceFirst("^/", "")
                            .replaceAll("/(\\d+)(?=/|$)", "[$1]")
                            .replace('/', '.');
            int end = name.replaceAll("[.\\[].*", "").length();
            String top = name.substring(0, end);
            String field = reportedAs.getOrDefault(top, top) + name.substring(top.length());
            errors.add(new FieldError(field, message(error, name)));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return errors;
    }

    private String message(Error error, String input) {
        JsonNode value = error.getSchemaNode();
        return switch (error.getKeyword()) {
            case "additionalProperties" -> "is not an input of " + model + nearest(input);
            case "required" -> "is required by " + model;
            case "enum" -> "must be one of " + choicesOf(value);
            case "maximum" -> "must be at most " + value.asText() + " for " + model;
            case "minimum" -> "must be at least " + value.asText() + " for " + model;
            case "maxItems" -> "must have at most " + value.asText() + " items for " + model;
            case "type" -> "must be " + (value.asText().matches("[aeiou].*") ? "an " : "a ") + value.asText();
            default -> error.getMessage();
        };
    }

    /** A misspelt input is the usual reason for an unknown one: name the input it was probably meant to be. */
    private String nearest(String input) {
        String best = null;
        int distance = 3;
        for (InputField field : fields) {
            int d = distance(input, field.name());
            if (d < distance) {
                best = field.name();
                distance = d;
            }
        }
        if (best != null) {
            return "; did you mean " + best + "?";
        }
        return "; its inputs are "
                + String.join(", ", fields.stream().map(InputField::name).toList());
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String choicesOf(JsonNode choices) {
        List<String> values = new ArrayList<>();
        choices.forEach(choice -> values.add(choice.isTextual() ? choice.asText() : choice.toString()));
        return String.join(", ", values);
    }

    private static List<InputField> fields(JsonNode document, JsonNode input) {
        List<String> required = new ArrayList<>();
        input.path("required").forEach(name -> required.add(name.asText()));
        List<InputField> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> properties =
                input.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode node = property.getValue();
            JsonNode resolved = resolved(document, node);
            List<Object> choices = null;
            if (resolved.has("enum")) {
                choices = new ArrayList<>();
                for (JsonNode choice : resolved.get("enum")) {
                    choices.add(JSON.convertValue(choice, Object.class));
                }
            }
            String type = node.path("type").asText(resolved.path("type").asText(null));
            JsonNode items = node.path("items");
            fields.add(new InputField(
                    property.getKey(),
                    type,
                    node.path("format").asText(null),
                    items.isMissingNode()
                            ? null
                            : items.path("format").asText(items.path("type").asText(null)),
                    node.has("default") ? JSON.convertValue(node.get("default"), Object.class) : null,
                    number(node, "minimum"),
                    number(node, "maximum"),
                    node.has("maxItems") ? node.get("maxItems").asInt() : null,
                    choices,
                    node.path("description").asText(null),
                    required.contains(property.getKey()),
                    node.path("x-order").asInt(Integer.MAX_VALUE)));
        }
        fields.sort(Comparator.comparingInt(InputField::order).thenComparing(InputField::name));
        return List.copyOf(fields);
    }

    /** A property's own schema, or the enum schema its {@code allOf: [{$ref}]} points to (Cog's way). */
    private static JsonNode resolved(JsonNode document, JsonNode property) {
        JsonNode ref = property.path("allOf").path(0).path("$ref");
        if (ref.isTextual() && ref.asText().startsWith("#/")) {
            return document.at(ref.asText().substring(1));
        }
        return property;
    }

    private static Double number(JsonNode node, String name) {
        return node.has(name) && node.get(name).isNumber() ? node.get(name).asDouble() : null;
    }

    private static Dialect quiet(Dialect base) {
        return Dialect.builder(base)
                .unknownKeywordFactory((keyword, context) -> new NonValidationKeyword(keyword))
                .build();
    }
}
