package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.jobapi.JobEnvironment;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.spark.SparkInstall;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static dev.sparkvar.jobapi.JobOptions.APP_NAME;
import static dev.sparkvar.jobapi.JobOptions.BACKTEST_DAYS;
import static dev.sparkvar.jobapi.JobOptions.CALLBACK;
import static dev.sparkvar.jobapi.JobOptions.CONF;
import static dev.sparkvar.jobapi.JobOptions.DATA;
import static dev.sparkvar.jobapi.JobOptions.ESTIMATION_DAYS;
import static dev.sparkvar.jobapi.JobOptions.HOLDINGS;
import static dev.sparkvar.jobapi.JobOptions.HORIZON_DAYS;
import static dev.sparkvar.jobapi.JobOptions.LEVELS;
import static dev.sparkvar.jobapi.JobOptions.MASTER;
import static dev.sparkvar.jobapi.JobOptions.MODELS;
import static dev.sparkvar.jobapi.JobOptions.OUTPUT;
import static dev.sparkvar.jobapi.JobOptions.PARTITIONS;
import static dev.sparkvar.jobapi.JobOptions.PROPERTIES_FILE;
import static dev.sparkvar.jobapi.JobOptions.SAMPLE_FRACTION;
import static dev.sparkvar.jobapi.JobOptions.SEED;
import static dev.sparkvar.jobapi.JobOptions.SIMULATIONS;

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
    record Launch(String masterUrl, Path dataPath, Path runDir, Path confDir, String callbackUrl,
                  Optional<SparkSecret> sparkSecret) {
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
        builder.environment().putIfAbsent(JobEnvironment.SPARK_LOCAL_IP, "127.0.0.1");
        builder.environment().put(JobEnvironment.SPARK_HOME, spark.sparkHome().toString());
        builder.environment().put(JobEnvironment.SPARK_SCALA_VERSION, "2.12");
        // The token travels in the environment, not on the command line that every local user can read.
        builder.environment().put(JobEnvironment.TOKEN, run.token());
        // The cluster's Spark secret the same way, under Spark's own name: the job turns spark.authenticate on when
        // it finds it (VarJob.sparkConf). Without one, an inherited value must not leak into the job.
        builder.environment().remove(SparkSecret.ENVIRONMENT_VARIABLE);
        launch.sparkSecret().ifPresent(s -> builder.environment().put(SparkSecret.ENVIRONMENT_VARIABLE, s.value()));
        try {
            Process process = builder.start();
            return new JobProcess(process, run.log(), json, ledger, ledger.started(owned, process.toHandle()),
                    RunStep.logFields(run));
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
        add(cmd, MASTER, launch.masterUrl());
        add(cmd, APP_NAME, "sparkvar-" + run.id());
        add(cmd, DATA, launch.dataPath().toString());
        add(cmd, SIMULATIONS, String.valueOf(p.simulations()));
        add(cmd, HORIZON_DAYS, String.valueOf(p.horizonDays()));
        add(cmd, LEVELS, p.levels().stream().map(String::valueOf).collect(Collectors.joining(",")));
        if (p.seed() != null) {
            add(cmd, SEED, String.valueOf(p.seed()));
        }
        if (p.holdings() != null) {
            add(cmd, HOLDINGS, writeHoldings(run, launch.runDir()).toString());
        } else {
            add(cmd, SAMPLE_FRACTION, String.valueOf(p.sampleFraction()));
        }
        if (p.partitions() != null) {
            add(cmd, PARTITIONS, String.valueOf(p.partitions()));
        }
        add(cmd, MODELS, p.models().stream().map(RiskModel::json).collect(Collectors.joining(",")));
        if (p.backtestDays() > 0) {
            // the window only matters to a backtest
            add(cmd, BACKTEST_DAYS, String.valueOf(p.backtestDays()));
            add(cmd, ESTIMATION_DAYS, String.valueOf(p.estimationDays()));
        }
        add(cmd, OUTPUT, launch.runDir().resolve("result.json").toString());
        add(cmd, CALLBACK, launch.callbackUrl());
        if (launch.confDir() != null) {
            add(cmd, PROPERTIES_FILE, launch.confDir().resolve(DriverConfFiles.DEFAULTS).toString());
            add(cmd, CONF, "spark.metrics.conf=" + launch.confDir().resolve(DriverConfFiles.METRICS));
        }
        // Stable driver metric names (<run id>.driver....) for the elastic-worker loop.
        add(cmd, CONF, "spark.metrics.namespace=" + run.id());
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
