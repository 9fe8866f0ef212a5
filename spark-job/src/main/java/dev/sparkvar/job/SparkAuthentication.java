package dev.sparkvar.job;

import java.util.Map;

import dev.sparkvar.jobapi.JobEnvironment;
import org.apache.spark.SparkConf;

/**
 * Spark authentication for a standalone cluster that asks for it. A cluster that authenticates (the service's local
 * clusters) hands its secret through the environment ({@link JobEnvironment#SPARK_AUTH_SECRET}), never the command
 * line. A standalone driver insists on {@code spark.authenticate.secret} in its conf (SecurityManager's
 * initializeAuth; {@code spark.authenticate.secret.file} is for Kubernetes only), so it is set here in memory; Spark
 * keeps it out of the executors' command lines (SparkConf.isExecutorStartupConf), whose Worker gives them its own
 * copy through the same variable.
 */
final class SparkAuthentication {

    private SparkAuthentication() {
    }

    /** Turns authentication on in {@code conf} when {@code env} carries a secret; leaves it off otherwise. */
    static void apply(SparkConf conf, Map<String, String> env) {
        String secret = env.get(JobEnvironment.SPARK_AUTH_SECRET);
        if (secret != null && !secret.isEmpty()) {
            conf.set("spark.authenticate", "true");
            conf.set("spark.authenticate.secret", secret);
        }
    }
}
