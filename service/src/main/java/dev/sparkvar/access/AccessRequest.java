package dev.sparkvar.access;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/**
 * A credential {@link AccessAuthenticationMechanism} read (a static token or a session id), for
 * {@link AccessIdentityProvider} alone. Its own type, not Quarkus' {@code TokenAuthenticationRequest}: identity
 * providers are chosen by the request's class, and {@code quarkus-oidc}'s provider takes that one, so each of the two
 * mechanisms reaches its own provider only.
 */
public final class AccessRequest extends BaseAuthenticationRequest {

    private final TokenCredential token;

    AccessRequest(TokenCredential token) {
        this.token = token;
    }

    public TokenCredential getToken() {
        return token;
    }
}
