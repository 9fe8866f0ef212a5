package dev.sparkvar.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a {@link TestIssuer} before the service and names it as the service's OIDC issuer; a test's field of type
 * {@link TestIssuer} gets it, to sign tokens with.
 */
public class TestIssuerResource implements QuarkusTestResourceLifecycleManager {

    private TestIssuer issuer;

    @Override
    public Map<String, String> start() {
        issuer = TestIssuer.start();
        return Map.of("quarkus.oidc.auth-server-url", issuer.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(issuer, new TestInjector.MatchesType(TestIssuer.class));
    }

    @Override
    public void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }
}
