package dev.sparkvar.jobapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A {@link ProgressReport}'s {@code tasksDone} does not exceed its {@code tasksTotal}; the violation is reported on
 * {@code tasksDone} with both values. Missing or negative counts are left to their own constraints.
 */
@Documented
@Constraint(validatedBy = TasksWithinTotal.Validator.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface TasksWithinTotal {

    /** Unused: the violation carries its own message with the values. */
    String message() default "must not exceed tasksTotal";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check; loaded only by a Bean Validation provider (never in the job JVM). */
    final class Validator implements ConstraintValidator<TasksWithinTotal, ProgressReport> {
        @Override
        public boolean isValid(ProgressReport report, ConstraintValidatorContext context) {
            if (report == null || report.tasksDone() == null || report.tasksTotal() == null
                    || report.tasksDone() < 0 || report.tasksTotal() < 0
                    || report.tasksDone() <= report.tasksTotal()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // only integers go into the template, so it cannot carry expression-language input
            context.buildConstraintViolationWithTemplate("must not exceed tasksTotal (" + report.tasksDone() + " > "
                            + report.tasksTotal() + ")")
                    .addPropertyNode("tasksDone")
                    .addConstraintViolation();
            return false;
        }
    }
}
