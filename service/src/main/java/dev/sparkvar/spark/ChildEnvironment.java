package dev.sparkvar.spark;

import java.util.Map;
import java.util.Set;

/**
 * The environment our child processes (the job JVM, the local Spark daemons) start from: the service's own, cut to
 * what a JVM and Spark need to run. Everything else is dropped, first of all the service's secrets
 * ({@code SPARKVAR_ACCESS_TOKENS}, any {@code SPARKVAR_*} or {@code QUARKUS_*} setting, a cloud credential): a child
 * runs user-chosen data through Spark, and its environment is readable by whatever it starts. The caller then adds
 * what the child needs by name (SPARK_HOME, the run's callback token, the cluster's Spark secret).
 */
public final class ChildEnvironment {

    /** Kept by name when the service has them. */
    static final Set<String> KEPT = Set.of("PATH", "JAVA_HOME", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL",
            "LC_CTYPE", "TZ", "TMPDIR",
            // a pod sets the address Spark binds and advertises (the deployment's SPARK_LOCAL_IP = pod IP)
            "SPARK_LOCAL_IP", "SPARK_LOCAL_HOSTNAME");

    private ChildEnvironment() {
    }

    /** Removes from {@code env} (a ProcessBuilder's, a copy of ours) every variable not in {@link #KEPT}. */
    public static Map<String, String> clean(Map<String, String> env) {
        env.keySet().removeIf(name -> !KEPT.contains(name));
        return env;
    }
}
