package dev.sparkvar.testing;

import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;

/**
 * The management port of the service under test (health and metrics live there, not on the public port): tests
 * take a free one ({@code %test.quarkus.management.test-port=0}), which Quarkus writes back into the config once
 * it listens.
 */
public final class Management {

    private Management() {
    }

    /** {@code path} on the management port, e.g. {@code /q/health/ready}. */
    public static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
