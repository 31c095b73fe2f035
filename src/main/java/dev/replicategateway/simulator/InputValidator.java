package dev.replicategateway.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Checks a create's input against its version's Input schema, as Replicate does before it runs
 * anything: {@code required}, {@code type} (array items too), {@code enum} (written inline or through
 * an {@code allOf} reference to a sibling enum schema), {@code minimum}/{@code maximum},
 * {@code minItems}/{@code maxItems} and {@code format: uri}. Inputs the schema does not name are
 * ignored, as Cog ignores them; a null value counts as not given.
 */
final class InputValidator {

    /** One entry of Replicate's {@code invalid_fields}. */
    record InvalidField(String type, String field, String description) {}

    private final JsonNode components;

    private InputValidator(JsonNode openapiSchema) {
        this.components = openapiSchema.path("components").path("schemas");
    }

    /**
     * @param schemaName {@code Input}, or {@code TrainingInput} for a training
     * @throws SimulatorError 422 naming every invalid field
     */
    static void validate(JsonNode openapiSchema, String schemaName, Map<String, Object> input) {
        List<InvalidField> invalid = check(openapiSchema, schemaName, input);
        if (!invalid.isEmpty()) {
            throw SimulatorError.invalidInput(invalid);
        }
    }

    static List<InvalidField> check(JsonNode openapiSchema, String schemaName, Map<String, Object> input) {
        if (openapiSchema == null) {
            return List.of();
        }
        InputValidator validator = new InputValidator(openapiSchema);
        JsonNode schema = validator.components.path(schemaName);
        List<InvalidField> invalid = new ArrayList<>();
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            if (input.get(name) == null) {
                invalid.add(new InvalidField("required", "input." + name, name + " is required"));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> properties =
                schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            Object value = input.get(property.getKey());
            if (value != null) {
                validator.checkValue("input." + property.getKey(), property.getValue(), value, invalid);
            }
        }
        return invalid;
    }

    private void checkValue(String field, JsonNode property, Object value, List<InvalidField> invalid) {
        String type = keyword(property, "type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            invalid.add(new InvalidField(
                    "invalid_type", field, "Invalid type. Expected: " + type + ", given: " + typeOf(value)));
            return;
        }
        JsonNode allowed = keyword(property, "enum");
        if (allowed.isArray() && !isOneOf(value, allowed)) {
            invalid.add(new InvalidField(
                    "enum",
                    field,
                    field + " must be one of the following: "
                            + StreamSupport.stream(allowed.spliterator(), false)
                                    .map(JsonNode::toString)
                                    .collect(Collectors.joining(", "))));
            return;
        }
        if (value instanceof Number number) {
            checkRange(field, property, number, invalid);
        }
        if ("uri".equals(keyword(property, "format").asText()) && value instanceof String text && !isUri(text)) {
            invalid.add(new InvalidField("format", field, "Does not match format 'uri'"));
        }
        if (value instanceof List<?> items) {
            checkItems(field, property, items, invalid);
        }
    }

    private void checkRange(String field, JsonNode property, Number number, List<InvalidField> invalid) {
        BigDecimal given = new BigDecimal(number.toString());
        JsonNode minimum = keyword(property, "minimum");
        JsonNode maximum = keyword(property, "maximum");
        if (minimum.isNumber() && given.compareTo(minimum.decimalValue()) < 0) {
            invalid.add(new InvalidField(
                    "greater_than_equal", field, "Must be greater than or equal to " + plain(minimum)));
        } else if (maximum.isNumber() && given.compareTo(maximum.decimalValue()) > 0) {
            invalid.add(new InvalidField("less_than_equal", field, "Must be less than or equal to " + plain(maximum)));
        }
    }

    private void checkItems(String field, JsonNode property, List<?> items, List<InvalidField> invalid) {
        JsonNode minItems = keyword(property, "minItems");
        JsonNode maxItems = keyword(property, "maxItems");
        if (minItems.isInt() && items.size() < minItems.asInt()) {
            invalid.add(new InvalidField(
                    "array_min_items", field, "Array must have at least " + minItems.asInt() + " items"));
        }
        if (maxItems.isInt() && items.size() > maxItems.asInt()) {
            invalid.add(new InvalidField(
                    "array_max_items", field, "Array must have at most " + maxItems.asInt() + " items"));
        }
        JsonNode itemSchema = keyword(property, "items");
        if (itemSchema.isObject()) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) != null) {
                    checkValue(field + "." + i, itemSchema, items.get(i), invalid);
                }
            }
        }
    }

    /** A keyword of a property, looked up in the property itself and then in the schemas it references. */
    private JsonNode keyword(JsonNode property, String name) {
        if (property.has(name)) {
            return property.get(name);
        }
        for (JsonNode part : property.path("allOf")) {
            JsonNode found = keyword(resolve(part), name);
            if (!found.isMissingNode()) {
                return found;
            }
        }
        return property.has("$ref") ? keyword(resolve(property), name) : property.path(name);
    }

    /** {@code {"$ref": "#/components/schemas/X"}} → that schema; anything else as it is. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/components/schemas/")
                ? components.path(ref.substring("#/components/schemas/".length()))
                : node;
    }

    private static boolean hasType(Object value, String type) {
        return switch (type) {
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "number" -> value instanceof Number;
            case "integer" -> isInteger(value);
            case "array" -> value instanceof List<?>;
            case "object" -> value instanceof Map<?, ?>;
            default -> true;
        };
    }

    /** JSON has one number type: 4.0 is an integer, as JSON Schema and Cog both see it. */
    private static boolean isInteger(Object value) {
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            return decimal.stripTrailingZeros().scale() <= 0;
        }
        return false;
    }

    private static String typeOf(Object value) {
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Number) {
            return isInteger(value) ? "integer" : "number";
        }
        return value instanceof List<?> ? "array" : "object";
    }

    private static boolean isOneOf(Object value, JsonNode allowed) {
        for (JsonNode option : allowed) {
            if (value instanceof String text
                    && option.isTextual()
                    && option.asText().equals(text)) {
                return true;
            }
            if (value instanceof Number number
                    && option.isNumber()
                    && new BigDecimal(number.toString()).compareTo(option.decimalValue()) == 0) {
                return true;
            }
            if (value instanceof Boolean flag && option.isBoolean() && option.asBoolean() == flag) {
                return true;
            }
        }
        return false;
    }

    /** File inputs: a URL Replicate could fetch (the simulator's own file URLs among them) or a data URL. */
    private static boolean isUri(String text) {
        return text.startsWith("https://")
                || text.startsWith("http://")
                || (text.startsWith("data:") && text.contains(","));
    }

    private static String plain(JsonNode number) {
        return number.decimalValue().stripTrailingZeros().toPlainString();
    }
}
