package dev.sparkvar.jobapi;

/** Environment variables of the job JVM: the one the job reads itself, and Spark's that the launcher sets. */
public final class JobEnvironment {

    /** The callback's bearer token, when {@link JobOptions#TOKEN} is not given: kept off the command line. */
    public static final String TOKEN = "SPARKVAR_TOKEN";
    /**
     * Spark's own variable for a cluster's shared secret ({@code SecurityManager.ENV_AUTH_SECRET}): the service
     * hands its local cluster's secret to the daemons and the job through it, never on a command line; the job
     * turns {@code spark.authenticate} on when it is set.
     */
    public static final String SPARK_AUTH_SECRET = "_SPARK_AUTH_SECRET";
    /** Spark's: the installation ({@code jars/}, {@code conf/}) the driver hands to local workers. */
    public static final String SPARK_HOME = "SPARK_HOME";
    /** Spark's: the address the driver binds and advertises. */
    public static final String SPARK_LOCAL_IP = "SPARK_LOCAL_IP";
    /** Spark's: the Scala version of the jars in {@link #SPARK_HOME}. */
    public static final String SPARK_SCALA_VERSION = "SPARK_SCALA_VERSION";

    private JobEnvironment() {
    }
}
