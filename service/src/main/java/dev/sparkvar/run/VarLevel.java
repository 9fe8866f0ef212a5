package dev.sparkvar.run;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.sparkvar.jobapi.RunDefaults;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A VaR level, as the job takes it ({@link RunDefaults#validLevel}): in (0, 0.5); null is not a level. */
@Documented
@Constraint(validatedBy = VarLevel.Validator.class)
@Target(ElementType.TYPE_USE)
@Retention(RetentionPolicy.RUNTIME)
@interface VarLevel {

    String message() default "must be in (0, 0.5), was ${validatedValue}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check; a null level says so (the expression language would print it as nothing). */
    final class Validator implements ConstraintValidator<VarLevel, Double> {
        @Override
        public boolean isValid(Double level, ConstraintValidatorContext context) {
            if (RunDefaults.validLevel(level)) {
                return true;
            }
            if (level == null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be in (0, 0.5), was null").addConstraintViolation();
            }
            return false;
        }
    }
}
