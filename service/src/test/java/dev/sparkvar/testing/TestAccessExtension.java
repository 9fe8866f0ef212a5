package dev.sparkvar.testing;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

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

    /**
     * One {@link TestAccess} filter, of this class loader's copy. A filter installed by an earlier test profile's class
     * loader is another class of the same name (RestAssured itself may be shared between them): left in place, it
     * would strip {@link TestAccess#ANONYMOUS} and this one would then add the credential, so it is replaced.
     */
    static synchronized void install() {
        List<Filter> filters = RestAssured.filters();
        if (filters.size() == 1 && filters.get(0) instanceof TestAccess) {
            return;
        }
        List<Filter> kept = filters.stream()
                .filter(f -> !f.getClass().getName().equals(TestAccess.class.getName())).toList();
        RestAssured.replaceFiltersWith(kept);
        RestAssured.filters(new TestAccess());
    }
}
