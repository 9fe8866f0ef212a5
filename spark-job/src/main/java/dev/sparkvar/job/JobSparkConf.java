package dev.sparkvar.job;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.SparkConf;

/** The job's Spark settings: defaults, then the properties file and {@code --conf} values, then our jars for spark://. */
final class JobSparkConf {

    /** The job's own jar and the Commons RNG jars its simulation tasks use, shipped to spark:// executors. */
    private static final List<Class<?>> SHIPPED = List.of(VarJob.class,
            org.apache.commons.rng.UniformRandomProvider.class,
            org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus.class,
            org.apache.commons.rng.sampling.distribution.ZigguratSampler.class);

    private JobSparkConf() {
    }

    /** The settings of a run with {@code args}, authenticating with this process's environment. */
    static SparkConf of(JobArgs args) {
        return of(args, System.getenv());
    }

    /** {@link #of(JobArgs)} with the environment given, for tests. */
    static SparkConf of(JobArgs args, Map<String, String> env) {
        SparkConf conf = new SparkConf(false)
                .setMaster(args.master())
                .setAppName(args.appName())
                .set("spark.ui.enabled", "false")
                .set("spark.sql.legacy.timeParserPolicy", "CORRECTED")
                // a simulation task's outcomes (8 bytes a path: 10 MB for 10^7 paths in 8 tasks) come back
                // with its status update instead of through the block manager (above Spark's 1 MB default,
                // the driver fetches each result again over the network, even in local mode); Spark still
                // caps this at spark.rpc.message.maxSize, larger results go the indirect way
                .set("spark.task.maxDirectResultSize", "64m");
        args.sparkConf().forEach(conf::set);
        conf.setMaster(args.sparkConf().getOrDefault("spark.master", args.master()));
        String master = conf.get("spark.master");
        if (isLoopback(master)) { // stay on 127.0.0.1: no listening on every interface, no hostname warning
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (master.startsWith("spark://")) {
            // executors need our classes and the libraries Spark does not bring (Commons RNG); a
            // cluster's own Spark image knows nothing of the manifest's relative Class-Path
            List<String> jars = new ArrayList<>();
            String existing = conf.get("spark.jars", "");
            if (!existing.isBlank()) {
                jars.add(existing);
            }
            for (Class<?> c : SHIPPED) {
                Path jar = jarOf(c);
                if (jar != null && !jars.contains(jar.toString())) {
                    jars.add(jar.toString());
                }
            }
            conf.set("spark.jars", String.join(",", jars));
            SparkAuthentication.apply(conf, env);
        }
        return conf;
    }

    static boolean isLoopback(String master) {
        return master.startsWith("local") || master.startsWith("spark://127.0.0.1:")
                || master.startsWith("spark://localhost:");
    }

    /** The jar a class was loaded from (absolute), or null when it comes from a classes folder. */
    static Path jarOf(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
