package dev.sparkvar.job;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sparkvar.jobapi.ExitCode;
import dev.sparkvar.jobapi.JobError;
import dev.sparkvar.jobapi.JobEvents;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point of the value-at-risk job: parses the command line, starts Spark, runs {@link VarAnalysis}
 * and reports progress, result and errors as JSON lines on stdout (and to the callback when given), as
 * {@link JobEvents} describes. Exit codes: {@link ExitCode}.
 */
public final class VarJob {
    private static final int OK = ExitCode.OK.code();
    private static final int FAILURE = ExitCode.FAILURE.code();
    private static final int BAD_INPUT = ExitCode.BAD_INPUT.code();

    static final ObjectMapper JSON = new ObjectMapper();

    private VarJob() {
    }

    public static void main(String[] args) {
        int relaunched = ModuleOpens.relaunchIfNeeded(VarJob.class, args); // java -cp without the opens
        if (relaunched >= 0) {
            System.exit(relaunched);
        }
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Parses {@code args}, runs the job in its own Spark session (stopped at the end) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (JobArgsParser.wantsHelp(args)) {
            out.print(JobUsage.TEXT);
            return OK;
        }
        boolean standby = StandbyJob.requested(args); // a warm pool's slot: StandbyJob
        if (standby) {
            try {
                args = StandbyJob.without(args);
            } catch (BadInputException e) {
                return fail(BAD_INPUT, e.getMessage(), out, err, null);
            }
        }
        Checked checked = check(args, out, err);
        if (checked.args() == null) {
            return checked.exitCode();
        }
        JobArgs jobArgs = checked.args();
        SparkSession spark = null;
        try {
            spark = SparkSession.builder().config(JobSparkConf.of(jobArgs)).getOrCreate();
            try (OrphanWatch ignored = orphanWatch(jobArgs, spark, err)) {
                int code = standby ? StandbyJob.run(args, spark, new java.io.BufferedReader(
                        new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err)
                        : run(jobArgs, spark, out, err);
                if (code == OK) {
                    linger(JobArgsParser.lingerSeconds(jobArgs.sparkConf()), err);
                }
                return code;
            }
        } catch (Exception | Error e) { // Scala code throws checked SparkException undeclared
            boolean badMaster = String.valueOf(e.getMessage()).startsWith("Could not parse Master URL");
            return fail(badMaster ? BAD_INPUT : FAILURE, badMaster ? "--master: " + e.getMessage() : describe(e),
                    out, err, callbackOf(jobArgs));
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** Like {@link #run(String[], PrintStream, PrintStream)} but on an existing session (left running). */
    public static int run(String[] args, SparkSession spark, PrintStream out, PrintStream err) {
        Checked checked = check(args, out, err);
        return checked.args() == null ? checked.exitCode() : run(checked.args(), spark, out, err);
    }

    /** Like {@link #run(String[], SparkSession, PrintStream, PrintStream)}, watching for the service to be gone. */
    static int runOn(String[] args, SparkSession spark, PrintStream out, PrintStream err) {
        Checked checked = check(args, out, err);
        if (checked.args() == null) {
            return checked.exitCode();
        }
        try (OrphanWatch ignored = orphanWatch(checked.args(), spark, err)) {
            return run(checked.args(), spark, out, err);
        }
    }

    /** Parsed arguments whose files exist, or (args null) the exit code after reporting why not. */
    private record Checked(JobArgs args, int exitCode) {
    }

    private static Checked check(String[] args, PrintStream out, PrintStream err) {
        JobArgs jobArgs;
        try {
            jobArgs = JobArgsParser.parse(args, defaultData());
        } catch (BadInputException e) {
            return new Checked(null, fail(BAD_INPUT, e.getMessage(), out, err, null));
        }
        try {
            checkFiles(jobArgs);
        } catch (BadInputException e) {
            return new Checked(null, fail(BAD_INPUT, e.getMessage(), out, err, callbackOf(jobArgs)));
        }
        return new Checked(jobArgs, OK);
    }

    /** Keeps the driver (and its idle executors) up after the result, as {@code spark.sparkvar.linger} asks. */
    private static void linger(long seconds, PrintStream err) {
        if (seconds <= 0) {
            return;
        }
        err.printf(Locale.ROOT, "sparkvar-job: lingering %d s (%s)%n", seconds, JobArgsParser.LINGER);
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the files exist: cheap checks before paying for a Spark start. */
    static void checkFiles(JobArgs jobArgs) {
        if (!Files.exists(jobArgs.data())) {
            throw new BadInputException("Data file not found: " + jobArgs.data());
        }
        if (jobArgs.holdings() != null && !Files.isRegularFile(jobArgs.holdings())) {
            throw new BadInputException("Holdings file not found: " + jobArgs.holdings());
        }
    }

    /**
     * With a callback (a service started us), watches for that service to be gone; then stops Spark (bounded) and
     * exits {@link OrphanWatch#ORPHANED}, so that nothing of the run outlives it.
     */
    private static OrphanWatch orphanWatch(JobArgs args, SparkSession spark, PrintStream err) {
        if (args.callback() == null) {
            return null;
        }
        long grace = JobArgsParser.seconds(args.sparkConf(), JobArgsParser.ORPHAN_GRACE, "30s");
        return OrphanWatch.start(java.net.URI.create(args.callback()),
                ProcessHandle.current().parent().orElse(ProcessHandle.current()), java.time.Duration.ofSeconds(grace),
                java.time.Duration.ofSeconds(2), reason -> {
                    err.println("[sparkvar] " + reason + ": stopping Spark and exiting " + OrphanWatch.ORPHANED);
                    Thread stopper = new Thread(spark::stop, "sparkvar-orphan-stop");
                    stopper.setDaemon(true);
                    stopper.start();
                    try {
                        stopper.join(30_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    err.flush();
                    Runtime.getRuntime().halt(OrphanWatch.ORPHANED);
                });
    }

    private static CallbackClient callbackOf(JobArgs args) {
        return args.callback() == null ? null : new CallbackClient(args.callback(), args.token());
    }

    /**
     * Runs the job on an existing session (left running) and returns the exit code; progress, the result
     * line or the error line go to {@code out}, human-readable messages to {@code err}.
     */
    public static int run(JobArgs args, SparkSession spark, PrintStream out, PrintStream err) {
        CallbackClient callback = callbackOf(args);
        VarResult result;
        try (ProgressTracker progress = new ProgressTracker(spark.sparkContext(), report -> {
            String line = EventLine.progress(report);
            synchronized (out) {
                out.println(line);
                out.flush();
            }
            if (callback != null) {
                callback.progressAsync(report);
            }
        })) {
            result = VarAnalysis.run(spark, args, progress);
            String document = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result);
            if (args.output() != null) {
                write(args.output(), document);
            }
            progress.finish();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put(JobEvents.FIELD, JobEvents.RESULT);
            line.put("output", args.output() == null ? null : args.output().toAbsolutePath().toString());
            line.put("var", result.var());
            synchronized (out) {
                out.println(JSON.writeValueAsString(line));
                out.flush();
            }
            err.printf(Locale.ROOT, "sparkvar-job: %d simulations, %d-day VaR %s, in %.1f s%n",
                    result.simulations(), result.horizonDays(), result.var(), result.timings().get("total"));
            if (callback != null) {
                callback.postResult(document);
            }
            return OK;
        } catch (BadInputException e) {
            return fail(BAD_INPUT, e.getMessage(), out, err, callback);
        } catch (Exception | Error e) { // includes SparkException, which Scala throws undeclared
            return fail(FAILURE, describe(e), out, err, callback);
        }
    }

    /** Serializes the result document as the job writes it. */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int fail(int code, String message, PrintStream out, PrintStream err, CallbackClient callback) {
        JobError error = JobError.bounded(code, message);
        String line = EventLine.error(error);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
        err.println("sparkvar-job: error: " + error.message());
        if (callback != null) {
            callback.postError(error);
        }
        return code;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = PriceLoader.firstLine(e.getMessage());
        String rootMsg = root == e ? "" : " (cause: " + root.getClass().getSimpleName() + ": "
                + PriceLoader.firstLine(root.getMessage()) + ")";
        return e.getClass().getSimpleName() + ": " + msg + rootMsg;
    }

    /** {@code <dir of sparkvar-job.jar>/data/dowjones30.csv} (for a classes folder: its parent's data/). */
    static Path defaultData() {
        try {
            Path p = Path.of(VarJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getParent().resolve("data").resolve("dowjones30.csv");
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path output, String document) throws IOException {
        Path abs = output.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // 0600 from the start: the result (holdings' risk) is the service user's alone, like its run.json
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, document, StandardCharsets.UTF_8);
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static {
        JSON.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
