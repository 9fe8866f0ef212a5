package dev.sparkvar.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Checks the credential {@link AccessAuthenticationMechanism} read: a token against {@link AccessTokens}, a session
 * id against {@link Sessions}. Every holder has the one role {@value #ROLE}: the token grants the whole API.
 */
@Singleton
public class AccessIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The role of every authenticated caller. */
    public static final String ROLE = "user";

    private final AccessTokens tokens;
    private final Sessions sessions;

    public AccessIdentityProvider(AccessTokens tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String type = request.getToken().getType();
        String value = request.getToken().getToken();
        boolean valid = AccessAuthenticationMechanism.SESSION_TYPE.equals(type) ? sessions.valid(value)
                : tokens.accepts(value);
        if (!valid) {
            // no detail: the answer must not help guessing
            return Uni.createFrom().failure(new AuthenticationFailedException("invalid credential"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(AccessAuthenticationMechanism.SESSION_TYPE.equals(type)
                        ? "session" : "token"))
                .addRole(ROLE)
                .addCredential(request.getToken())
                .build());
    }
}
