package dev.sparkvar.local;

import dev.sparkvar.access.AccessTokens;
import dev.sparkvar.cluster.HostAndPort;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.oshinko.OshinkoAddresses;
import dev.sparkvar.server.LocalServer;
import dev.sparkvar.testing.FaultProxy;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The embedded default's addresses with the oshinko API behind {@link FaultProxy}, and a switch that points the
 * Graphite render API at a closed port. Enabled only by the fault tests' profiles.
 */
@Alternative
@Singleton
public class FaultyAddresses implements OshinkoAddresses {

    /** While on, the metrics URL of every cluster is a closed port (Graphite unreachable). */
    public static volatile boolean graphiteDown;

    /** While on, the oshinko API is a closed port: connections are refused, as for a server that is down. */
    public static volatile boolean oshinkoDown;

    /** A loopback port nothing listens on: bound once by the system, then closed. */
    public static final int CLOSED_PORT = closedPort();

    private final LocalAddresses local;

    public FaultyAddresses(LocalServer server, EmbeddedGraphite graphite, LocalConfig config, AccessTokens tokens,
            LocalClusters clusters) {
        this.local = new LocalAddresses(server, graphite, config, tokens, clusters);
        FaultProxy.shared().target(() -> server.baseUri().getPort());
    }

    @PreDestroy
    void closeProxy() {
        FaultProxy.closeShared();
    }

    @Override
    public String backend() {
        return local.backend();
    }

    @Override
    public URI server() {
        int port = oshinkoDown ? CLOSED_PORT : FaultProxy.shared().port();
        return URI.create("http://127.0.0.1:" + port + EmbeddedDefault.OSHINKO_PATH);
    }

    @Override
    public String metricsUrl(String cluster) {
        return graphiteDown ? "http://127.0.0.1:" + CLOSED_PORT + "/closed" : local.metricsUrl(cluster);
    }

    @Override
    public HostAndPort carbon(String cluster) {
        return local.carbon(cluster);
    }

    @Override
    public Optional<SparkSecret> sparkSecret(String cluster) {
        return local.sparkSecret(cluster);
    }

    @Override
    public boolean scalesClusters() {
        return local.scalesClusters();
    }

    @Override
    public OptionalInt workerCores() {
        return local.workerCores();
    }

    @Override
    public Optional<String> authorization() {
        return local.authorization();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
