package dev.replicategateway.prediction;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An {@code Idempotency-Key} header as every route that takes one accepts it: 1–200 visible ASCII characters. */
@Size(min = 1, max = 200)
@Pattern(regexp = "[\\x21-\\x7e]+")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface IdempotencyKey {

    /** The header's name. */
    String HEADER = "Idempotency-Key";

    /** Set to {@code true} on an answer that replays an earlier request's result. */
    String REPLAYED = "Idempotent-Replayed";

    String message() default "must be 1 to 200 visible ASCII characters";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
