package dev.sparkvar.access;

import dev.sparkvar.problem.HttpProblems;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Security refusals raised as route failures (a policy denying an authenticated caller: 403; an authentication
 * failure that reaches the router) answered as problem JSON like every other error.
 */
@Singleton
public class AccessFailures {

    void register(@Observes Router router) {
        router.route().order(-1000).failureHandler(context -> {
            Throwable failure = context.failure();
            if (failure instanceof ForbiddenException) {
                HttpProblems.send(context, 403, "Forbidden", "this credential does not allow this request");
            } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
                AccessAuthenticationMechanism.unauthorized(context, "a valid credential is required");
            } else {
                context.next();
            }
        });
    }
}
