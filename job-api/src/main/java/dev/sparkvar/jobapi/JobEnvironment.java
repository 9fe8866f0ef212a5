package dev.sparkvar.jobapi;

/** Environment variables of the job JVM: the one the job reads itself, and Spark's that the launcher sets. */
public final class JobEnvironment {

    /** The callback's bearer token, when {@link JobOptions#TOKEN} is not given: kept off the command line. */
    public static final String TOKEN = "SPARKVAR_TOKEN";
    /** Spark's: the installation ({@code jars/}, {@code conf/}) the driver hands to local workers. */
    public static final String SPARK_HOME = "SPARK_HOME";
    /** Spark's: the address the driver binds and advertises. */
    public static final String SPARK_LOCAL_IP = "SPARK_LOCAL_IP";
    /** Spark's: the Scala version of the jars in {@link #SPARK_HOME}. */
    public static final String SPARK_SCALA_VERSION = "SPARK_SCALA_VERSION";

    private JobEnvironment() {
    }
}
