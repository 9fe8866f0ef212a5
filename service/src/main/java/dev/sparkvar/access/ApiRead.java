package dev.sparkvar.access;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the API's reads: {@link ReadAccess} checks them at the resource. They carry {@code @PermitAll} for Quarkus'
 * deny-unannotated rule, since whether an anonymous caller may read is a setting
 * ({@code sparkvar.access.anonymous-read}) that no standard annotation can name; this is what restricts them.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ApiRead {
}
