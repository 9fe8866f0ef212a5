package dev.sparkvar.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.Set;

/**
 * Checks the credential {@link AccessAuthenticationMechanism} read: a token against {@link AccessTokens}, a session
 * id against {@link Sessions}. A session and a user token get {@link Roles#USER} (the API); this service's own
 * per-process token and the configured backend tokens get {@link Roles#BACKEND} (the embedded backend's doors) only.
 */
@Singleton
public class AccessIdentityProvider implements IdentityProvider<AccessRequest> {

    private final AccessTokens tokens;
    private final Sessions sessions;

    public AccessIdentityProvider(AccessTokens tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public Class<AccessRequest> getRequestType() {
        return AccessRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AccessRequest request, AuthenticationRequestContext context) {
        String type = request.getToken().getType();
        String value = request.getToken().getToken();
        boolean session = AccessAuthenticationMechanism.SESSION_TYPE.equals(type);
        Set<String> roles = session ? (sessions.valid(value) ? Set.of(Roles.USER) : Set.of()) : tokens.roles(value);
        if (roles.isEmpty()) {
            // no detail: the answer must not help guessing
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credential"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(session ? "session" : roles.contains(Roles.USER) ? "token"
                        : "backend"))
                .addRoles(roles)
                .addCredential(request.getToken())
                .build());
    }
}
