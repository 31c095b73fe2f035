package dev.replicategateway.generation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The string must be one of an enum's wire values. Used instead of enum-typed fields so that a wrong
 * value is reported with every other invalid field, not as a parse failure that hides them.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = OneOf.Validator.class)
@interface OneOf {

    Class<? extends WireValue> value();

    String message() default "must be one of {values}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<OneOf, String> {
        private String[] allowed;

        @Override
        public void initialize(OneOf annotation) {
            allowed = Arrays.stream(annotation.value().getEnumConstants())
                    .map(WireValue::value)
                    .toArray(String[]::new);
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || Arrays.asList(allowed).contains(value)) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                            "must be one of " + Arrays.stream(allowed).collect(Collectors.joining(", ")))
                    .addConstraintViolation();
            return false;
        }
    }
}
