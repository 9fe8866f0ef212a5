package dev.sparkvar.oshinko;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the oshinko client goes: config first, then the notebook's OSHINKO_REST_SERVICE_* variables, then local. */
class OshinkoAddressTests {

    private static OshinkoConfig config(Optional<URI> url) {
        return new OshinkoConfig() {
            @Override
            public Optional<URI> url() {
                return url;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration changeTimeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public int retries() {
                return 0;
            }

            @Override
            public Duration retryBackoff() {
                return Duration.ofMillis(1);
            }

            @Override
            public Optional<String> metricsRouteSuffix() {
                return Optional.empty();
            }
        };
    }

    private static final Map<String, String> NOTEBOOK_ENV =
            Map.of("OSHINKO_REST_SERVICE_HOST", "172.30.1.7", "OSHINKO_REST_SERVICE_PORT", "8081");

    @Test
    void configuredUrlWins() {
        Optional<ServiceAddresses> server = ServiceAddresses.configured(
                config(Optional.of(URI.create("http://oshinko:9000"))), NOTEBOOK_ENV);
        assertFalse(server.isEmpty());
        assertEquals(URI.create("http://oshinko:9000"), server.get().server());
    }

    @Test
    void serviceVariablesAsInTheNotebook() {
        Optional<ServiceAddresses> server = ServiceAddresses.configured(config(Optional.empty()), NOTEBOOK_ENV);
        assertFalse(server.isEmpty());
        assertEquals(URI.create("http://172.30.1.7:8081"), server.get().server());
    }

    @Test
    void nothingConfiguredMeansTheLocalBackend() {
        Optional<ServiceAddresses> server = ServiceAddresses.configured(config(Optional.empty()),
                Map.of("OSHINKO_REST_SERVICE_HOST", "172.30.1.7"));
        assertTrue(server.isEmpty(), "a host without a port is not enough");
    }
}
