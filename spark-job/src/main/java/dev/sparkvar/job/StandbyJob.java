package dev.sparkvar.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.sparkvar.jobapi.ExitCode;
import dev.sparkvar.jobapi.JobEvents;
import dev.sparkvar.jobapi.JobOptions;
import dev.sparkvar.jobapi.Standby;
import org.apache.spark.sql.SparkSession;

/**
 * The job in standby ({@link Standby}): a session already connected, its executor up and a warm-up analysis done,
 * waiting on standard input for the one run it computes. What a warm pool's slot runs.
 */
final class StandbyJob {

    /**
     * Simulations of the warm-up: enough to run every stage once and to get the kernel compiled by C2 before the run
     * comes (a few tens of ms of arithmetic). At 2,000 the kernel was still C1's at {@code ready}, and its C2
     * compilation fell inside the run's {@code simulating} phase (bench/scale.sh, compilation log).
     */
    static final int WARM_UP_SIMULATIONS = 50_000;

    private StandbyJob() {
    }

    /** Whether the arguments ask for standby. */
    static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals(Standby.OPTION) || a.startsWith(Standby.OPTION + "="));
    }

    /** The arguments without the standby option (whose value must be {@link Standby#STDIN}). */
    static String[] without(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value;
            if (args[i].equals(Standby.OPTION)) {
                if (i + 1 >= args.length) {
                    throw new BadInputException(Standby.OPTION + " needs a value: " + Standby.STDIN);
                }
                value = args[++i];
            } else if (args[i].startsWith(Standby.OPTION + "=")) {
                value = args[i].substring(Standby.OPTION.length() + 1);
            } else {
                rest.add(args[i]);
                continue;
            }
            if (!Standby.STDIN.equals(value)) {
                throw new BadInputException(Standby.OPTION + ": only '" + Standby.STDIN + "' is known, got '" + value + "'");
            }
        }
        return rest.toArray(String[]::new);
    }

    /**
     * Warms the session up, says {@code ready}, reads one run's parameters and runs it.
     *
     * @param session the session's own options, to which the run's are added
     * @return the exit code of the run (0 when standard input closed before a run came)
     */
    static int run(String[] session, SparkSession spark, BufferedReader in, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        // the bundled sample, the analysis every run does, without output: every class loaded, Spark SQL's code
        // generated, the executor launched and its JVM warm, before a run waits for any of it. Its progress and result
        // go to a receiver of our own on loopback, so that the callbacks' HTTP client and its first connection are
        // warm too (in a cold JVM they cost a run several tenths of a second before its first report).
        int warm;
        try (WarmUpReceiver receiver = WarmUpReceiver.start()) {
            // every ticker of the sample (about 20 distinct: the draw is with replacement), not the default 1 %: C2
            // shapes the kernel's loops over assets by the trip counts it profiled, and code compiled for a 1-asset
            // portfolio ran a 30-asset run's tasks 1.5x slower, for good (bench/scale.sh; without Spark: 4.0-4.4 ns
            // per asset-day against 2.6-2.9 after a 20- or 30-asset warm-up, and a 1-asset run is no slower after it)
            String[] warmUp = concat(session, JobOptions.SIMULATIONS, String.valueOf(WARM_UP_SIMULATIONS),
                    JobOptions.SAMPLE_FRACTION, "1",
                    JobOptions.CALLBACK, receiver.url(), JobOptions.TOKEN, "warm-up");
            warm = VarJob.run(JobArgsParser.parse(warmUp, VarJob.defaultData()), spark, nowhere(), err);
            // the parameters' reader too: the first read of a record type costs Jackson its introspection
            VarJob.JSON.readValue(VarJob.JSON.writeValueAsString(new Standby.Parameters("", List.of())),
                    Standby.Parameters.class);
        } catch (IOException e) {
            warm = ExitCode.FAILURE.code();
            err.println("sparkvar-job: standby: warm-up receiver: " + e.getMessage());
        }
        if (warm != ExitCode.OK.code()) {
            return VarJob.fail(warm, "the standby warm-up failed", out, err, null);
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put(JobEvents.FIELD, Standby.READY);
        ready.put("warmUpSeconds", (System.nanoTime() - start) / 1e9);
        ready.put("executors", spark.sparkContext().statusTracker().getExecutorInfos().length - 1);
        synchronized (out) {
            out.println(VarJob.toJson(ready));
            out.flush();
        }
        String line;
        try {
            line = in.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null || line.isBlank()) {
            err.println("sparkvar-job: standby: standard input closed before a run came; exiting");
            return ExitCode.OK.code();
        }
        Standby.Parameters parameters;
        try {
            parameters = VarJob.JSON.readValue(line, Standby.Parameters.class);
        } catch (IOException e) {
            return VarJob.fail(ExitCode.BAD_INPUT.code(), "standby: unreadable parameters: "
                    + PriceLoader.firstLine(e.getMessage()), out, err, null);
        }
        err.printf(Locale.ROOT, "sparkvar-job: standby: a run came after %.1f s%n", (System.nanoTime() - start) / 1e9);
        String[] args = concat(concat(session, parameters.args().toArray(String[]::new)),
                JobOptions.TOKEN, parameters.token()); // in memory only: the token never was on a command line
        return VarJob.runOn(args, spark, out, err);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Takes the warm-up's callbacks on loopback (any path, any body: 204) and discards them. */
    private static final class WarmUpReceiver implements AutoCloseable {

        private final HttpServer server;

        private WarmUpReceiver(HttpServer server) {
            this.server = server;
        }

        static WarmUpReceiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().transferTo(OutputStream.nullOutputStream()); // never held in memory
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
            return new WarmUpReceiver(server);
        }

        String url() {
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                    + "/warm-up";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static PrintStream nowhere() {
        return new PrintStream(OutputStream.nullOutputStream());
    }
}
