package dev.sparkvar.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs {@link TestAccess} in RestAssured for every test class (registered by JUnit's extension autodetection:
 * META-INF/services; quarkus-junit's junit-platform.properties turns autodetection on), and again before each test
 * in case one reset RestAssured. {@code @QuarkusTest} classes get it from {@link TestAccessCallback}.
 */
public final class TestAccessExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        install();
    }

    static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof TestAccess)) {
            RestAssured.filters(new TestAccess());
        }
    }
}
