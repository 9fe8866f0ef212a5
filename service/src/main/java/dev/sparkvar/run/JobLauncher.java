package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.cds.ClassArchives;
import dev.sparkvar.cluster.SparkSecret;
import dev.sparkvar.jobapi.JobEnvironment;
import dev.sparkvar.jobapi.ResultDocument;
import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.Standby;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.ownership.Owned;
import dev.sparkvar.ownership.PrivateFiles;
import dev.sparkvar.spark.ChildEnvironment;
import dev.sparkvar.spark.SparkInstall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import static dev.sparkvar.jobapi.JobOptions.VARIANCE_REDUCTION;
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
    /** A field, not a constructor argument: the fast tier's stand-in subclasses this with the constructor below. */
    @Inject
    ClassArchives archives;
    private final JobStarts starts = new JobStarts();

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

    RunningJob start(Run run, Launch launch) {
        // a cluster we created (the embedded default's are on loopback), never a master the request named
        boolean ours = run.parameters().mode() == ClusterMode.EPHEMERAL && onThisHost(launch.masterUrl());
        return spawn(run.id(), launch.runDir(), launch.runDir().resolve(SCRATCH), command(run, launch), run.token(),
                launch.sparkSecret(), run.log(), RunStep.logFields(run), ours);
    }

    /**
     * Starts a job in standby for a warm pool's slot ({@link Standby}): the session's options only, its conf and
     * scratch in the slot's folder; it warms up, says ready, and waits on its standard input for one run
     * ({@link #hand}). No token: it has no run yet.
     *
     * @param keepExecutor how long its idle executor is kept (at least the pool's idle time, so a run finds it up)
     */
    JobProcess startStandby(String slot, String masterUrl, Path slotDir, Path confDir, Optional<SparkSecret> secret,
            Duration keepExecutor, LogTail log) {
        List<String> cmd = head();
        add(cmd, Standby.OPTION, Standby.STDIN);
        add(cmd, MASTER, masterUrl);
        add(cmd, APP_NAME, "sparkvar-pool-" + slot);
        add(cmd, PROPERTIES_FILE, confDir.resolve(DriverConfFiles.DEFAULTS).toString());
        add(cmd, CONF, "spark.metrics.conf=" + confDir.resolve(DriverConfFiles.METRICS));
        add(cmd, CONF, "spark.metrics.namespace=" + slot);
        // one executor kept warm (dynamic allocation would give it back after executorIdleTimeout)
        add(cmd, CONF, "spark.dynamicAllocation.minExecutors=1");
        add(cmd, CONF, "spark.dynamicAllocation.executorIdleTimeout=" + Math.max(60, keepExecutor.toSeconds()) + "s");
        // the whole slot folder goes with the job (its conf is the job's alone)
        return spawn(slot, slotDir, slotDir, cmd, null, secret, log, Map.of("slot", slot), onThisHost(masterUrl));
    }

    /**
     * Gives a standby job its run: the run's own options and token as one line on its standard input, never on a
     * command line. Its output goes to the run's log from now on. Blocking.
     */
    JobProcess hand(JobProcess standby, Run run, Launch launch) {
        standby.logTo(run.log(), RunStep.logFields(run));
        try {
            standby.sendAndClose(json.writeValueAsString(new Standby.Parameters(run.token(), runOptions(run, launch))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return standby;
    }

    /**
     * @param ourExecutors whether the executors are started on this host from this install (a cluster the embedded
     *                     default made): then they share its class-sharing archives
     */
    private JobProcess spawn(String group, Path dir, Path ownedDir, List<String> command, String token,
            Optional<SparkSecret> sparkSecret, LogTail log, Map<String, String> fields, boolean ourExecutors) {
        starts.enter();
        try {
            return spawnCounted(group, dir, ownedDir, command, token, sparkSecret, log, fields, ourExecutors);
        } finally {
            starts.exit();
        }
    }

    /** Shutdown: no job JVM starts from now on; waits (at most {@code timeout}) for the starts in flight. */
    public void close(Duration timeout) {
        starts.close(timeout);
    }

    /** Whether {@link #close} was called. */
    boolean stopping() {
        return starts.closed();
    }

    private JobProcess spawnCounted(String group, Path dir, Path ownedDir, List<String> command, String token,
            Optional<SparkSecret> sparkSecret, LogTail log, Map<String, String> fields, boolean ourExecutors) {
        spark.requireBuilt();
        // In the ledger before it starts, with its driver's scratch folder: a sweep after a crash stops the JVM
        // (and its executors, which carry the same marker) and removes the folder.
        Owned owned = ledger.intend(group, "job", ownedDir);
        command.add(1, owned.marker());
        command.addAll(2, archives.options(ClassArchives.Kind.DRIVER));
        String executorOptions = String.join(" ", Stream.concat(Stream.of(owned.marker()),
                spark.extraJavaOptions().stream()).toList());
        List<String> executorSharing = ourExecutors ? archives.options(ClassArchives.Kind.EXECUTOR) : List.of();
        if (executorSharing.stream().noneMatch(o -> o.matches(".*[\\s'\"].*"))) { // Spark splits them at spaces
            executorOptions += " " + String.join(" ", executorSharing);
            if (!executorSharing.isEmpty()) {
                // Spark puts its conf folder before the jars; the jars first (the same wildcard, which it then does
                // not repeat), so that an executor can dump its archive (SparkInstall#classpath)
                command.addAll(List.of("--conf", "spark.executor.extraClassPath=" + spark.jars()));
            }
        }
        command.addAll(List.of("--conf", "spark.local.dir=" + dir.resolve(SCRATCH),
                "--conf", "spark.executor.extraJavaOptions=" + executorOptions.strip()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true);
        // From a clean environment: the service's secrets (its access tokens among them) stay with the service.
        ChildEnvironment.clean(builder.environment());
        // Loopback on a laptop; in a pod the deployment sets SPARK_LOCAL_IP to the pod IP so executors reach us.
        builder.environment().putIfAbsent(JobEnvironment.SPARK_LOCAL_IP, "127.0.0.1");
        builder.environment().put(JobEnvironment.SPARK_HOME, spark.sparkHome().toString());
        builder.environment().put(JobEnvironment.SPARK_SCALA_VERSION, "2.12");
        // The token travels in the environment, not on the command line that every local user can read.
        builder.environment().remove(JobEnvironment.TOKEN);
        if (token != null) {
            builder.environment().put(JobEnvironment.TOKEN, token);
        }
        // The cluster's Spark secret the same way, under Spark's own name: the job turns spark.authenticate on when
        // it finds it (VarJob.sparkConf). Without one, an inherited value must not leak into the job.
        builder.environment().remove(SparkSecret.ENVIRONMENT_VARIABLE);
        sparkSecret.ifPresent(s -> builder.environment().put(SparkSecret.ENVIRONMENT_VARIABLE, s.value()));
        try {
            Process process = builder.start();
            JobProcess job = new JobProcess(process, log, json, ledger, ledger.started(owned, process.toHandle()), fields);
            if (starts.closed()) {
                // the service began stopping while this JVM started: stopped here, before close() stops waiting
                job.stop();
                throw new IllegalStateException("the service stopped while the job started");
            }
            return job;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the job JVM: " + e.getMessage(), e);
        }
    }

    List<String> command(Run run, Launch launch) {
        List<String> cmd = head();
        add(cmd, MASTER, launch.masterUrl());
        add(cmd, APP_NAME, "sparkvar-" + run.id());
        cmd.addAll(runOptions(run, launch));
        if (launch.confDir() != null) {
            add(cmd, PROPERTIES_FILE, launch.confDir().resolve(DriverConfFiles.DEFAULTS).toString());
            add(cmd, CONF, "spark.metrics.conf=" + launch.confDir().resolve(DriverConfFiles.METRICS));
        }
        // Stable driver metric names (<run id>.driver....) for the elastic-worker loop.
        add(cmd, CONF, "spark.metrics.namespace=" + run.id());
        return cmd;
    }

    /** Whether a {@code spark://} master is on this host (loopback), where its executors share our files. */
    static boolean onThisHost(String masterUrl) {
        try {
            URI uri = URI.create(masterUrl);
            return "spark".equals(uri.getScheme()) && uri.getHost() != null
                    && InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return false;
        }
    }

    /** {@code java <flags> -jar <job jar>}. */
    private List<String> head() {
        List<String> cmd = new ArrayList<>();
        cmd.add(spark.java().toString());
        cmd.add("-Xmx" + config.driverMemory());
        cmd.addAll(spark.javaOptions());
        cmd.add("-jar");
        cmd.add(spark.jobJar().toString());
        return cmd;
    }

    /** The run's own options: what it computes, where its result goes, whom it reports to; no session options. */
    private List<String> runOptions(Run run, Launch launch) {
        RunParameters p = run.parameters();
        List<String> cmd = new ArrayList<>();
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
        add(cmd, MODELS, p.models().stream().map(RiskModel::key).collect(Collectors.joining(",")));
        if (p.backtestDays() > 0) {
            // the window only matters to a backtest
            add(cmd, BACKTEST_DAYS, String.valueOf(p.backtestDays()));
            add(cmd, ESTIMATION_DAYS, String.valueOf(p.estimationDays()));
        }
        if (p.varianceReduction() != RunDefaults.VARIANCE_REDUCTION) { // plain sampling is the job's default
            add(cmd, VARIANCE_REDUCTION, p.varianceReduction().key());
        }
        add(cmd, OUTPUT, launch.runDir().resolve(ResultDocument.FILE).toString());
        add(cmd, CALLBACK, launch.callbackUrl());
        return cmd;
    }

    private Path writeHoldings(Run run, Path runDir) {
        Path file = runDir.resolve("holdings.json");
        try {
            PrivateFiles.write(file, json.writeValueAsString(run.parameters().holdings()));
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
