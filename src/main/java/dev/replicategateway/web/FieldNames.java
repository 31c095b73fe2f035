package dev.replicategateway.web;

import jakarta.validation.ConstraintViolation;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Field names as clients write them: this API is snake_case, Java fields are camelCase. */
public final class FieldNames {

    private FieldNames() {}

    public static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Bean-validation violations as field errors ({@code requests[1].num_outputs}, {@code images[0]}). */
    public static List<FieldError> of(Set<? extends ConstraintViolation<?>> violations, String prefix) {
        return violations.stream()
                .map(v -> new FieldError(
                        prefix + snakeCase(v.getPropertyPath().toString().replace(".<list element>", "")),
                        v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
    }
}
