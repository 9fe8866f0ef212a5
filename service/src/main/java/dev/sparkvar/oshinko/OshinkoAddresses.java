package dev.sparkvar.oshinko;

import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where the oshinko server and each cluster's Graphite render API and carbon receiver are, as this service reaches
 * them. The adapter asks these and nothing else, so it never knows which backend answers: a remote oshinko server's
 * Service names ({@link ServiceAddresses}) or whatever the backend that provides this bean says.
 */
public interface OshinkoAddresses {

    /** A short name of the backend for health details and logs, e.g. {@code oshinko}. */
    String backend();

    /** The oshinko REST server's base URL. */
    URI server();

    /** Base URL of the cluster's Graphite render API ({@code <url>/render?target=...}). */
    String metricsUrl(String cluster);

    /** The cluster's carbon plaintext receiver, where drivers send their metrics. */
    HostAndPort carbon(String cluster);

    /**
     * Whether the server scales {@code scorpionstare.enable=true} clusters itself (oshinko's scorpion-stare sidecar):
     * then our elastic loop stays off unless told otherwise, since two loops on one cluster would fight.
     */
    boolean scalesClusters();

    /** Cores one worker offers, when the backend knows it (oshinko does not report it). */
    OptionalInt workerCores();

    /**
     * The {@code Authorization} header to send with every oshinko call, when the server asks for one (the embedded
     * default takes this service's own internal token). Default none: oshinko itself has no authentication.
     */
    default Optional<String> authorization() {
        return Optional.empty();
    }

    /**
     * The cluster's Spark authentication secret, when this backend made one (the embedded default). Default none: an
     * oshinko server's clusters are configured by their image and config maps, not by this service.
     */
    default Optional<SparkSecret> sparkSecret(String cluster) {
        return Optional.empty();
    }
}
