package dev.sparkvar.oshinko;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Where the oshinko REST server is and how patiently we talk to it. */
@ConfigMapping(prefix = "sparkvar.oshinko")
public interface OshinkoConfig {

    /**
     * The oshinko server's base URL. Unset: {@code http://$OSHINKO_REST_SERVICE_HOST:$OSHINKO_REST_SERVICE_PORT}
     * when both variables exist (as in the notebook), else the embedded local backend of this service.
     */
    Optional<URI> url();

    /** Time limit of one read call (GET), connection included. Default 10s. */
    @WithDefault("10s")
    Duration timeout();

    /**
     * Time limit of one create, scale or delete. Default 2m: the local backend answers a create once the
     * Master is up and a delete once every JVM has exited, which takes seconds to tens of seconds on a busy machine.
     */
    @WithDefault("2m")
    Duration changeTimeout();

    /**
     * How often a GET, PUT (scale) or DELETE is repeated after a 5xx, a connection error or no answer in time; a
     * create never is. Default 3.
     */
    @WithDefault("3")
    int retries();

    /** First pause between retries; it doubles each time up to 10×, each ±25%. Default 200ms. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /**
     * The notebook's {@code METRICS_ROUTE_SUFFIX}: with it a cluster's Graphite is reached through the route
     * {@code http://<cluster>-metrics-<suffix>} instead of the Service {@code http://<cluster>-metrics:8000}.
     * Default: the environment variable of that name, if set.
     */
    Optional<String> metricsRouteSuffix();
}
