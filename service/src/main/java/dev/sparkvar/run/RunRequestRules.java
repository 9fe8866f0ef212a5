package dev.sparkvar.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The rules of a {@link RunRequest} that need this service's configuration (the {@code sparkvar.runs.max-*} limits,
 * the allowed masters, the runs in flight) or more than one field; each bad field is its own violation, named by
 * its JSON path. {@link RunRequestRulesValidator} checks them.
 */
@Documented
@Constraint(validatedBy = RunRequestRulesValidator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@interface RunRequestRules {

    /** Unused: each violation carries its own message. */
    String message() default "is not a valid run request";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
