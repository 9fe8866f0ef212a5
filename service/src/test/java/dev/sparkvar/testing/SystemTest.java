package dev.sparkvar.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs programs from outside Maven ({@link Requirement}). When one is missing the class is
 * skipped with a one-line reason printed to the build output; when system tests are required ({@code CI=true} in the
 * environment or {@code -Dsparkvar.system-tests=required}) it fails instead. Decided by {@link SystemTestCondition}
 * before any {@code @BeforeAll} and before Quarkus starts the application or its test resources.
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(SystemTestCondition.class)
public @interface SystemTest {

    /** What the class needs installed. */
    Requirement[] requires();
}
