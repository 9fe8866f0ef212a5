package dev.sparkvar.cluster;

import dev.sparkvar.jobapi.JobEnvironment;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A Spark cluster's shared authentication secret ({@code spark.authenticate}): the daemons, the driver and the
 * executors must all hold it. Kept in memory only and never printed: {@link #toString()} hides it, so that a log
 * line or an exception message that names one by mistake shows nothing.
 */
public final class SparkSecret {

    /**
     * Spark's own environment variable for the secret ({@code SecurityManager.ENV_AUTH_SECRET}): daemons read it
     * before their conf, and a Worker hands it to its executors the same way. The environment, unlike a command
     * line, is not readable by other local users ({@code /proc/<pid>/environ} is owner-only).
     */
    public static final String ENVIRONMENT_VARIABLE = JobEnvironment.SPARK_AUTH_SECRET;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private SparkSecret(String value) {
        this.value = value;
    }

    /** A fresh 256-bit secret, hex-encoded (Spark's own generated secrets have this form). */
    public static SparkSecret random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SparkSecret(HexFormat.of().formatHex(bytes));
    }

    /** The secret itself: for a child process's environment, nothing else. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SparkSecret[hidden]";
    }
}
