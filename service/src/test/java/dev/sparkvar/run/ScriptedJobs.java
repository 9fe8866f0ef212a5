package dev.sparkvar.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.jobapi.JobResult;
import dev.sparkvar.ownership.Ledger;
import dev.sparkvar.spark.SparkInstall;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fast tier's stand-in for the job JVM (issue 20): instead of starting Spark, a run's job plays a script on a
 * thread of its own and talks to the service as the real job does, over the real callback endpoint with the run's
 * token (progress, result, error), then "exits" with a code. A test queues the scripts of its next runs; a run
 * without one completes. What only the real JVM can show (Spark, its PIDs, the process tree, the ledger) is proved
 * by the real-process tests. Enabled only by {@link dev.sparkvar.testing.FastTier}.
 */
@Alternative
@Singleton // not a proxy: its superclass has no no-args constructor
public class ScriptedJobs extends JobLauncher {

    /** What a job does, in order; it ends by {@link Job#exit} (or never, until stopped). */
    @FunctionalInterface
    public interface Script {
        void play(Job job) throws Exception;
    }

    /** Progress, its result, then exit 0: the happy job. */
    public static final Script COMPLETES = job -> {
        job.progress("simulating", 50);
        job.result();
        job.exit(0);
    };

    /** Never ends on its own: a hung job, or one stopped by a cancel. */
    public static final Script HANGS = job -> { };

    /** Beyond any real PID (pid_max is at most 2^22): a stand-in's PID never names a real process. */
    private static final AtomicLong PIDS = new AtomicLong(1L << 40);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Deque<Script> next = new ConcurrentLinkedDeque<>();
    private final List<Job> started = Collections.synchronizedList(new ArrayList<>());
    private final ObjectMapper json;

    public ScriptedJobs(SparkInstall spark, RunsConfig config, ObjectMapper json, Ledger ledger) {
        super(spark, config, json, ledger);
        this.json = json;
    }

    /** The scripts of the next runs' jobs, in order. */
    public void next(Script... scripts) {
        next.addAll(List.of(scripts));
    }

    public void reset() {
        next.clear();
        started.clear();
    }

    public List<Job> started() {
        return List.copyOf(started);
    }

    @Override
    RunningJob start(Run run, Launch launch) {
        Script script = next.poll();
        Job job = new Job(run, launch.callbackUrl(), script == null ? COMPLETES : script);
        started.add(job);
        Thread thread = new Thread(job::play, "scripted-job-" + job.pid);
        thread.setDaemon(true);
        thread.start();
        return job;
    }

    /** One stand-in job: what the script may do, and the {@link RunningJob} the flow holds. */
    public final class Job implements RunningJob {

        private final long pid = PIDS.incrementAndGet();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private final CompletableFuture<Void> released = new CompletableFuture<>();
        private final Run run;
        private final String callback;
        private final Script script;
        private volatile String errorLine;
        private volatile boolean stopped;

        Job(Run run, String callback, Script script) {
            this.run = run;
            this.callback = callback;
            this.script = script;
        }

        private void play() {
            try {
                script.play(this);
            } catch (Exception e) {
                errorLine = "scripted job broke: " + e;
                exit.complete(70);
            }
        }

        public String runId() {
            return run.id();
        }

        /** POSTs a progress report; the HTTP status the service answered. */
        public int progress(String phase, double percent) throws Exception {
            return post("progress", Map.of("phase", phase, "tasksDone", (int) percent, "tasksTotal", 100,
                    "percent", percent));
        }

        /** POSTs a result matching the run's parameters; the HTTP status. */
        public int result() throws Exception {
            RunParameters p = run.parameters();
            Map<String, Double> var = new LinkedHashMap<>();
            Map<String, Double> es = new LinkedHashMap<>();
            for (double level : p.levels()) {
                var.put(JobResult.levelKey(level), -1000 * (1 - level));
                es.put(JobResult.levelKey(level), -1200 * (1 - level));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("simulations", p.simulations());
            body.put("levels", p.levels());
            body.put("var", var);
            body.put("expectedShortfall", es);
            body.put("horizonDays", p.horizonDays());
            return post("result", body);
        }

        /** POSTs the job's error, as the real job does before it exits non-zero; the HTTP status. */
        public int error(int exitCode, String message) throws Exception {
            errorLine = message;
            return post("error", Map.of("exitCode", exitCode, "message", message));
        }

        /** Waits until the test lets it go on ({@link #release}), or it is stopped. */
        public void awaitRelease(Duration atMost) throws Exception {
            released.get(atMost.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        public void release() {
            released.complete(null);
        }

        public void exit(int code) {
            exit.complete(code);
        }

        public boolean wasStopped() {
            return stopped;
        }

        private int post(String what, Object body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(callback + "/" + what))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + run.token())
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public String errorMessage() {
            return errorLine;
        }

        @Override
        public boolean isAlive() {
            return !exit.isDone();
        }

        /** As SIGTERM: exit 143 if it had not ended. */
        @Override
        public void stop() {
            // a flow that gave up on the job cancelled its exit future (Mutiny cancels a completion stage it no
            // longer waits for): that job was still running
            if (!exit.isDone() || exit.isCancelled()) {
                stopped = true;
            }
            released.completeExceptionally(new IllegalStateException("stopped"));
            exit.complete(143);
        }
    }
}
