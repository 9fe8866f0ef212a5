package dev.sparkvar.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        OshinkoClient client = new OshinkoClient(config(Optional.of(URI.create("http://oshinko:9000"))), null,
                new ObjectMapper(), NOTEBOOK_ENV);
        assertFalse(client.isLocal());
        assertEquals(URI.create("http://oshinko:9000"), client.baseUri());
    }

    @Test
    void serviceVariablesAsInTheNotebook() {
        OshinkoClient client = new OshinkoClient(config(Optional.empty()), null, new ObjectMapper(), NOTEBOOK_ENV);
        assertFalse(client.isLocal());
        assertEquals(URI.create("http://172.30.1.7:8081"), client.baseUri());
    }

    @Test
    void nothingConfiguredMeansTheLocalBackend() {
        OshinkoClient client = new OshinkoClient(config(Optional.empty()), null, new ObjectMapper(),
                Map.of("OSHINKO_REST_SERVICE_HOST", "172.30.1.7"));
        assertTrue(client.isLocal(), "a host without a port is not enough");
    }
}
