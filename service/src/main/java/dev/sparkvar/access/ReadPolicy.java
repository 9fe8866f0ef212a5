package dev.sparkvar.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * The policy of the API's GET endpoints ({@code quarkus.http.auth.permission.read.policy=sparkvar-read}): open with
 * {@code sparkvar.access.anonymous-read=true}, else a credential is needed (a denied anonymous caller gets 401).
 */
@Singleton
public class ReadPolicy implements HttpSecurityPolicy {

    private final AccessConfig config;

    public ReadPolicy(AccessConfig config) {
        this.config = config;
    }

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        if (config.anonymousRead()) {
            return Uni.createFrom().item(CheckResult.PERMIT);
        }
        return identity.map(i -> i.isAnonymous() ? CheckResult.DENY : CheckResult.PERMIT);
    }

    @Override
    public String name() {
        return "sparkvar-read";
    }
}
