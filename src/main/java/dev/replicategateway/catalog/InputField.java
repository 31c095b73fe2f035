package dev.replicategateway.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One input of a model as its schema describes it, for a frontend to build its form from.
 *
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code array}
 * @param format {@code uri} for a file input
 * @param items the type of an array's items
 * @param defaultValue the schema's {@code default}
 * @param choices the schema's {@code enum}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputField(
        String name,
        String type,
        String format,
        String items,
        @JsonProperty("default") Object defaultValue,
        Double minimum,
        Double maximum,
        Integer maxItems,
        @JsonProperty("enum") List<Object> choices,
        String description,
        boolean required,
        int order) {

    /** A file input an image goes into: a URI (or a list of them) whose name says image. */
    public boolean takesImages() {
        boolean uri = "uri".equals(format) || ("array".equals(type) && "uri".equals(items));
        return uri && name.contains("image") && !name.contains("mask");
    }

    public boolean isList() {
        return "array".equals(type);
    }
}
