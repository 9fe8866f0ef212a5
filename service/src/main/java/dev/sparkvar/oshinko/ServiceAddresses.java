package dev.sparkvar.oshinko;

import dev.sparkvar.cluster.HostAndPort;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A remote oshinko server and the Services it creates per cluster: {@code <n>-metrics:8000} (Graphite) and
 * {@code <n>-carbon:2003}, or the notebook's route {@code <n>-metrics-<suffix>} when a route suffix is set.
 */
public record ServiceAddresses(URI server, Optional<String> metricsRouteSuffix) implements OshinkoAddresses {

    /**
     * The configured server: {@code sparkvar.oshinko.url}, else
     * {@code http://$OSHINKO_REST_SERVICE_HOST:$OSHINKO_REST_SERVICE_PORT} when both are set (as in the notebook);
     * empty when neither is, so that another backend may answer.
     */
    public static Optional<ServiceAddresses> configured(OshinkoConfig config, Map<String, String> env) {
        Optional<String> suffix = config.metricsRouteSuffix().or(() -> Optional.ofNullable(env.get("METRICS_ROUTE_SUFFIX")))
                .filter(s -> !s.isBlank());
        if (config.url().isPresent()) {
            return Optional.of(new ServiceAddresses(config.url().get(), suffix));
        }
        String host = env.get("OSHINKO_REST_SERVICE_HOST");
        String port = env.get("OSHINKO_REST_SERVICE_PORT");
        if (host != null && !host.isBlank() && port != null && !port.isBlank()) {
            return Optional.of(new ServiceAddresses(URI.create("http://" + host + ":" + port), suffix));
        }
        return Optional.empty();
    }

    @Override
    public String backend() {
        return "oshinko";
    }

    @Override
    public String metricsUrl(String cluster) {
        // the notebook's route form: <n>-metrics-<suffix>, on the route's default port
        return metricsRouteSuffix.map(s -> "http://" + cluster + "-metrics-" + s)
                .orElse("http://" + cluster + "-metrics:8000");
    }

    @Override
    public HostAndPort carbon(String cluster) {
        return new HostAndPort(cluster + "-carbon", 2003);
    }

    @Override
    public boolean scalesClusters() {
        return true;
    }

    @Override
    public OptionalInt workerCores() {
        return OptionalInt.empty();
    }
}
