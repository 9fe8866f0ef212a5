package dev.sparkvar.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Skips a {@link SystemTest} class whose requirements are missing, printing one line that names the class and what
 * is missing, or fails it when system tests are required: {@code CI=true} in the environment or
 * {@code -Dsparkvar.system-tests=required} (surefire passes Maven's {@code -D} properties to the test JVM).
 */
public final class SystemTestCondition implements ExecutionCondition {

    /** The system property that, set to {@value #REQUIRED}, turns a skip into a failure. */
    public static final String PROPERTY = "sparkvar.system-tests";
    public static final String REQUIRED = "required";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Class<?>> testClass = context.getTestClass();
        Optional<SystemTest> annotation = testClass.flatMap(c -> AnnotationSupport.findAnnotation(c, SystemTest.class));
        if (annotation.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a system test");
        }
        List<String> problems = new ArrayList<>();
        for (Requirement r : annotation.get().requires()) {
            Optional.ofNullable(r.problem()).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            return ConditionEvaluationResult.enabled("system test requirements present");
        }
        String reason = testClass.get().getSimpleName() + ": " + String.join("; ", problems);
        if (required()) {
            throw new ExtensionConfigurationException("system test " + reason + " (system tests are required here: "
                    + why() + ")");
        }
        if (context.getTestMethod().isEmpty()) { // once per class: its methods are not evaluated when it is skipped
            System.out.println("[sparkvar] SKIPPED system test " + reason + "; CI=true or -D" + PROPERTY + "="
                    + REQUIRED + " fails instead");
            System.out.flush();
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    /** True when missing requirements must fail the build rather than skip. */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || REQUIRED.equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    private static String why() {
        return "true".equalsIgnoreCase(System.getenv("CI")) ? "CI=true" : "-D" + PROPERTY + "=" + REQUIRED;
    }
}
