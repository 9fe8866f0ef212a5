package dev.sparkvar.local;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource that answers connections from this machine only ({@link LoopbackFilter}): the embedded
 * backend's oshinko API and Graphite. Bound to the resource class, not to a path prefix, so that no spelling of the
 * path ({@code /oshinko;x/clusters}) reaches the resource from another host.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface LoopbackOnly {
}
