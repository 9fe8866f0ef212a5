package dev.sparkvar.access;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * Marks the whole OpenAPI document as wanting the bearer token (the scheme {@code bearer} declared by
 * {@code quarkus.smallrye-openapi.security-scheme}), so that Swagger UI's "Authorize" sends it with every call.
 * Registered by {@code mp.openapi.filter} in application.properties.
 */
public class BearerEverywhere implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("bearer"));
    }
}
