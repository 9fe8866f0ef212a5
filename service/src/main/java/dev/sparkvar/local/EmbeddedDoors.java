package dev.sparkvar.local;

import dev.sparkvar.problem.HttpProblems;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The embedded backend's own doors, {@code /oshinko} and {@code /local-graphite}, answer only connections from this
 * machine (a loopback address), even when the service listens on every interface (a container, a pod): they are
 * for this service's own adapter, and the clusters they drive run on this machine's loopback. Others get 403.
 * The peer is the TCP connection's, never an {@code X-Forwarded-For} header, which any client can write.
 * (The Spark daemons' web UIs bind to loopback too: {@code SPARK_LOCAL_IP=127.0.0.1} in {@link SparkDaemons}.)
 */
@Singleton
public class EmbeddedDoors {

    /** After browser safety (400), before authentication (200). */
    static final int PRIORITY = 390;

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        SocketAddress peer = context.request().connection().remoteAddress();
        if (admits(context.normalizedPath(), peer == null ? null : peer.hostAddress())) {
            context.next();
        } else {
            HttpProblems.send(context, 403, "Forbidden", "the embedded backend answers this machine only"
                    + " (loopback addresses); this request came from another host");
        }
    }

    /** Whether a request for {@code path} from the peer address {@code remote} may pass. */
    static boolean admits(String path, String remote) {
        if (!isDoor(path)) {
            return true;
        }
        return loopback(remote);
    }

    static boolean isDoor(String path) {
        return under(path, EmbeddedDefault.OSHINKO_PATH) || under(path, EmbeddedGraphite.PATH);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    /** A literal loopback address (127.0.0.0/8, ::1, ::ffff:127.x); no name is ever resolved. */
    static boolean loopback(String address) {
        if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.\\[\\]%]+")) {
            return false; // unix sockets, names: nothing to trust
        }
        try {
            String literal = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
