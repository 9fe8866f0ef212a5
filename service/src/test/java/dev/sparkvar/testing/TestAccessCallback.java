package dev.sparkvar.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;

/**
 * {@link TestAccessExtension}'s install for {@code @QuarkusTest} classes: those run in Quarkus' own class loader,
 * whose RestAssured is not the one a JUnit extension sees, so Quarkus calls this (META-INF/services) inside it.
 */
public final class TestAccessCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        TestAccessExtension.install();
    }
}
