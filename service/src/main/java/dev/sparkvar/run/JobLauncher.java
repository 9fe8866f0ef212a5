package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.SparkInstall;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Starts the Spark job module in its own JVM for a run: the job jar (its manifest carries the spark-home
 * classpath), the Java 17 flags, the run's parameters, its conf folder and its callback with a secret token.
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class JobLauncher {

    /** The driver's scratch folder inside the run's folder ({@code spark.local.dir}); removed with the job. */
    static final String SCRATCH = "spark-local";

    private final SparkInstall spark;
    private final RunsConfig config;
    private final ObjectMapper json;
    private final Ledger ledger;

    public JobLauncher(SparkInstall spark, RunsConfig config, ObjectMapper json, Ledger ledger) {
        this.spark = spark;
        this.config = config;
        this.json = json;
        this.ledger = ledger;
    }

    /** What the launcher needs besides the run's parameters. */
    record Launch(String masterUrl, Path dataPath, Path runDir, Path confDir, String callbackUrl) {
    }

    JobProcess start(Run run, Launch launch) {
        spark.requireBuilt();
        // In the ledger before it starts, with its driver's scratch folder: a sweep after a crash stops the JVM
        // (and its executors, which carry the same marker) and removes the folder.
        Owned owned = ledger.intend(run.id(), "job", launch.runDir().resolve(SCRATCH));
        List<String> command = command(run, launch);
        command.add(1, owned.marker());
        command.addAll(List.of("--conf", "spark.local.dir=" + launch.runDir().resolve(SCRATCH),
                "--conf", "spark.executor.extraJavaOptions=" + owned.marker()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.runDir().toFile())
                .redirectErrorStream(true);
        // Loopback on a laptop; in a pod the deployment sets SPARK_LOCAL_IP to the pod IP so executors reach us.
        builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().put("SPARK_HOME", spark.sparkHome().toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        // The token travels in the environment, not on the command line that every local user can read.
        builder.environment().put("SPARKVAR_TOKEN", run.token());
        try {
            Process process = builder.start();
            return new JobProcess(process, run.log(), json, ledger, ledger.started(owned, process.toHandle()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the job JVM: " + e.getMessage(), e);
        }
    }

    List<String> command(Run run, Launch launch) {
        RunParameters p = run.parameters();
        List<String> cmd = new ArrayList<>();
        cmd.add(spark.java().toString());
        cmd.add("-Xmx" + config.driverMemory());
        cmd.addAll(SparkInstall.JAVA17_OPTIONS);
        cmd.add("-jar");
        cmd.add(spark.jobJar().toString());
        add(cmd, "--master", launch.masterUrl());
        add(cmd, "--app-name", "sparkvar-" + run.id());
        add(cmd, "--data", launch.dataPath().toString());
        add(cmd, "--simulations", String.valueOf(p.simulations()));
        add(cmd, "--horizon-days", String.valueOf(p.horizonDays()));
        add(cmd, "--levels", p.levels().stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (p.seed() != null) {
            add(cmd, "--seed", String.valueOf(p.seed()));
        }
        if (p.holdings() != null) {
            add(cmd, "--holdings", writeHoldings(run, launch.runDir()).toString());
        } else {
            add(cmd, "--sample-fraction", String.valueOf(p.sampleFraction()));
        }
        if (p.partitions() != null) {
            add(cmd, "--partitions", String.valueOf(p.partitions()));
        }
        add(cmd, "--output", launch.runDir().resolve("result.json").toString());
        add(cmd, "--callback", launch.callbackUrl());
        if (launch.confDir() != null) {
            add(cmd, "--properties-file", launch.confDir().resolve(DriverConfFiles.DEFAULTS).toString());
            add(cmd, "--conf", "spark.metrics.conf=" + launch.confDir().resolve(DriverConfFiles.METRICS));
        }
        // Stable driver metric names (<run id>.driver....) for the elastic-worker loop.
        add(cmd, "--conf", "spark.metrics.namespace=" + run.id());
        return cmd;
    }

    private Path writeHoldings(Run run, Path runDir) {
        Path file = runDir.resolve("holdings.json");
        try {
            json.writeValue(file.toFile(), run.parameters().holdings());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void add(List<String> cmd, String option, String value) {
        cmd.add(option);
        cmd.add(value);
    }
}
