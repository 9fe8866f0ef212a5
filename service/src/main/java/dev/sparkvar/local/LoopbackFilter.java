package dev.sparkvar.local;

import dev.sparkvar.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The embedded backend's doors ({@link LoopbackOnly}: {@code /oshinko}, {@code /local-graphite}) answer only
 * connections from this machine (a loopback address), even when the service listens on every interface (a
 * container, a pod): they are for this service's own adapter, and the clusters they drive run on this machine's
 * loopback. Others get 403. The peer is the TCP connection's, never an {@code X-Forwarded-For} header, which any
 * client can write. (The Spark daemons' web UIs bind to loopback too: {@code SPARK_LOCAL_IP=127.0.0.1}.)
 */
public class LoopbackFilter {

    @LoopbackOnly
    @ServerRequestFilter(preMatching = false)
    public void check(HttpServerRequest request) {
        SocketAddress peer = request.connection() == null ? null : request.remoteAddress();
        if (!loopback(peer == null ? null : peer.hostAddress())) {
            throw new ProblemException(403, "Forbidden", "the embedded backend answers this machine only"
                    + " (loopback addresses); this request came from another host");
        }
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
