package dev.sparkvar.access;

import dev.sparkvar.problem.HttpProblems;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a browser must not be able to make this service do, checked before authentication on every request:
 * <ul>
 * <li>a {@code Host} that is not one of {@code sparkvar.access.hosts} → 421: a page of another site whose name was
 * made to resolve to this machine (DNS rebinding) is same-origin for the browser, but names its own host;</li>
 * <li>a state-changing request (POST, PUT, PATCH, DELETE) from another origin ({@code Origin} not this service's
 * scheme-less host and port) → 403: a page elsewhere cannot start or cancel runs (the session cookie is
 * {@code SameSite=Strict} as well);</li>
 * <li>a POST, PUT or PATCH, or a DELETE with a body, whose {@code Content-Type} is not JSON → 415: an HTML form
 * can only send form and text bodies, without CORS preflight, so this keeps forms out entirely.</li>
 * </ul>
 */
@Singleton
public class BrowserSafety {

    /** Before CORS (300) and authentication (200): a refused request is not authenticated first. */
    static final int PRIORITY = 400;

    private final Set<String> hosts;
    private final boolean anyHost;

    public BrowserSafety(AccessConfig config, @ConfigProperty(name = "quarkus.http.host") Optional<String> httpHost) {
        this.hosts = hosts(config.hosts(), httpHost);
        this.anyHost = hosts.contains("*");
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void check(RoutingContext context) {
        Refusal refusal = refusal(context.request().method(), context.request().authority(),
                context.request().getHeader(HttpHeaders.ORIGIN), context.request().getHeader(HttpHeaders.CONTENT_TYPE));
        if (refusal == null) {
            context.next();
        } else {
            HttpProblems.send(context, refusal.status(), refusal.title(), refusal.detail());
        }
    }

    /** Why a request is refused. */
    record Refusal(int status, String title, String detail) {
    }

    /** The refusal of a request with these method, authority, Origin and Content-Type; null when it may pass. */
    Refusal refusal(HttpMethod method, HostAndPort authority, String origin, String contentType) {
        if (!anyHost && (authority == null || !hosts.contains(authority.host().toLowerCase(Locale.ROOT)))) {
            return new Refusal(421, "Misdirected Request", "this service does not answer for the host "
                    + (authority == null ? "(none)" : "'" + authority.host() + "'")
                    + "; allowed hosts: sparkvar.access.hosts");
        }
        boolean changes = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE;
        if (!changes) {
            return null;
        }
        if (origin != null && !sameOrigin(origin, authority)) {
            return new Refusal(403, "Forbidden", "cross-site request refused: Origin does not match Host");
        }
        boolean needsBody = method != HttpMethod.DELETE || contentType != null;
        if (needsBody && !json(contentType)) {
            return new Refusal(415, "Unsupported Media Type", "Content-Type must be application/json, was "
                    + (contentType == null ? "none" : "'" + contentType.split(";", 2)[0].trim() + "'"));
        }
        return null;
    }

    static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * Whether {@code origin} ({@code scheme://host[:port]}) is this request's own host and port. A Host without a
     * port (behind a TLS-terminating Route) matches the Origin's host on its scheme's default port.
     */
    static boolean sameOrigin(String origin, HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false; // "null" (sandboxed frames, file:) and garbage are never this service
        }
        if (uri.getHost() == null || uri.getScheme() == null) {
            return false;
        }
        if (!uri.getHost().equalsIgnoreCase(authority.host())) {
            return false;
        }
        int originPort = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return authority.port() < 0 || authority.port() == originPort;
    }

    static Set<String> hosts(Optional<List<String>> configured, Optional<String> httpHost) {
        Set<String> hosts = new LinkedHashSet<>();
        // The loopback names always: this service calls itself on 127.0.0.1 (the embedded oshinko API, its Graphite,
        // the job's callbacks), and a page of another site cannot make a browser send them as Host (DNS rebinding
        // names its own host), so listing them costs nothing (issue 18: a LAN name alone failed every run with 421).
        hosts.addAll(List.of("localhost", "127.0.0.1", "[::1]", "::1"));
        configured.ifPresent(list -> list.forEach(h -> hosts.add(h.trim().toLowerCase(Locale.ROOT))));
        httpHost.map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty() && !h.equals("0.0.0.0") && !h.equals("::") && !h.equals("[::]"))
                .ifPresent(h -> {
                    hosts.add(h);
                    if (h.contains(":") && !h.startsWith("[")) {
                        hosts.add("[" + h + "]");
                    }
                });
        return Set.copyOf(hosts);
    }
}
