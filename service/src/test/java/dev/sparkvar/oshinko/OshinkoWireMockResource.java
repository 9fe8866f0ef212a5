package dev.sparkvar.oshinko;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A WireMock server on 127.0.0.1 and a free port, configured as the oshinko server of the test. */
public class OshinkoWireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of("sparkvar.oshinko.url", "http://127.0.0.1:" + server.port(),
                "sparkvar.oshinko.timeout", "5s",
                "sparkvar.oshinko.change-timeout", "5s",
                "sparkvar.oshinko.retry-backoff", "10ms");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
