package dev.sparkvar.run;

import dev.sparkvar.jobapi.RiskModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.TestAccess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 13's table: bad inputs across every endpoint (run bodies, headers, ids, {@code Last-Event-ID}, query
 * parameters, the job's callback bodies, the embedded oshinko API, render targets, data files). Each row gets its
 * 4xx with a message naming what is wrong, within a timeout, never a 500 or a stack trace, never echoing a long
 * value whole, and changes nothing: the runs, the run folders, the clusters, the child processes and the two
 * fixture runs are the same after it. No row may start a run or a cluster: bad input is refused before any.
 * <p>
 * The callback rows need a running run with a known token: a fixture run in {@code local} mode entered into
 * {@code RUNNING} by hand, with no job behind it; a second one, already cancelled, answers 409.
 */
@QuarkusTest
class BadInputTests {

    /** Longest wait for any answer: a bad input is refused at once, so this only catches a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Longest answer body: a long value (a 10 KiB name, 4,000-character id) must not come back whole. */
    static final int MAX_ANSWER = 3000;

    /** Placeholders in a row's path, headers or body, replaced by the fixtures' values. */
    static final String RUN = "{run}";
    static final String TOKEN = "{token}";
    static final String OVER = "{over}";
    static final String OVER_TOKEN = "{over-token}";

    private static final String LONG_ID = "x".repeat(4000);
    private static final String LONG_NAME = "n".repeat(10_240);
    private static final String JSON = "application/json";

    /**
     * Where an answer's message is: problem JSON, the embedded oshinko API's own {@code {"errors":[...]}}, or only
     * the status line (a chunked body over the limit: Quarkus counts it while reading and answers 413 itself, after
     * any code of ours could, with an empty body).
     */
    enum Shape { PROBLEM, OSHINKO, STATUS_LINE }

    /** One bad request and what it must get: the status and fragments of the message naming what is wrong. */
    record Row(String what, String method, String path, Map<String, String> headers, String body, int status,
            Shape shape, List<String> fragments) {

        @Override
        public String toString() {
            return what;
        }
    }

    /** A row under construction: {@code row(...).json(body).expect(400, "field")}. */
    static final class RowBuilder {
        private final String what;
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private Shape shape = Shape.PROBLEM;

        RowBuilder(String what, String method, String path) {
            this.what = what;
            this.method = method;
            this.path = path;
        }

        RowBuilder json(String body) {
            headers.put("Content-Type", JSON);
            this.body = body;
            return this;
        }

        RowBuilder body(String body) {
            this.body = body;
            return this;
        }

        RowBuilder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        RowBuilder token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        RowBuilder oshinko() {
            shape = Shape.OSHINKO;
            return this;
        }

        RowBuilder statusLine() {
            shape = Shape.STATUS_LINE;
            return this;
        }

        Row expect(int status, String... fragments) {
            return new Row(what, method, path, Map.copyOf(headers), body, status, shape, List.of(fragments));
        }
    }

    static RowBuilder row(String what, String method, String path) {
        return new RowBuilder(what, method, path);
    }

    static RowBuilder post(String what, String path) {
        return row(what, "POST", path);
    }

    static RowBuilder get(String what, String path) {
        return row(what, "GET", path);
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.addAll(runBodies());
        rows.addAll(dataFiles());
        rows.addAll(headers());
        rows.addAll(ids());
        rows.addAll(resumePoints());
        rows.addAll(callbacks());
        rows.addAll(oshinko());
        rows.addAll(renderTargets());
        return rows.stream();
    }

    /** {@code POST /runs}: every field wrong in type and range, unknown fields, duplicate keys, broken JSON. */
    static List<Row> runBodies() {
        String tooManyHoldings = IntStream.rangeClosed(1, 501).mapToObj(i -> "\"T" + i + "\": 1")
                .collect(Collectors.joining(", ", "{\"holdings\": {", "}}"));
        String elevenLevels = IntStream.range(0, 11).mapToObj(i -> "0.05")
                .collect(Collectors.joining(", ", "{\"levels\": [", "]}"));
        String deep = "[".repeat(2000) + "]".repeat(2000);
        return List.of(
                post("simulations as a string", "/runs").json("{\"simulations\": \"many\"}").expect(400, "simulations"),
                post("simulations 0", "/runs").json("{\"simulations\": 0}").expect(400, "simulations", "between 1 and"),
                post("simulations above the maximum", "/runs").json("{\"simulations\": 10000001}")
                        .expect(400, "simulations", "between 1 and 10000000"),
                post("simulations a fraction", "/runs").json("{\"simulations\": 1.5}").expect(400, "simulations"),
                post("simulations beyond an int", "/runs").json("{\"simulations\": 99999999999999999999}")
                        .expect(400, "simulations", "out of range"),
                post("horizonDays 0", "/runs").json("{\"horizonDays\": 0}").expect(400, "horizonDays"),
                post("horizonDays a list", "/runs").json("{\"horizonDays\": [5]}").expect(400, "horizonDays"),
                post("levels empty", "/runs").json("{\"levels\": []}").expect(400, "levels", "1 to 10 levels"),
                post("levels 0.5", "/runs").json("{\"levels\": [0.05, 0.5]}").expect(400, "levels[1]", "(0, 0.5)"),
                post("levels eleven", "/runs").json(elevenLevels).expect(400, "levels", "had 11"),
                post("levels a string", "/runs").json("{\"levels\": \"0.05\"}").expect(400, "levels"),
                post("levels null inside", "/runs").json("{\"levels\": [null]}").expect(400, "levels[0]"),
                post("seed a fraction", "/runs").json("{\"seed\": 1.5}").expect(400, "seed"),
                post("seed a word", "/runs").json("{\"seed\": \"abc\"}").expect(400, "seed"),
                post("sampleFraction 0", "/runs").json("{\"sampleFraction\": 0}").expect(400, "sampleFraction"),
                post("sampleFraction 1.5", "/runs").json("{\"sampleFraction\": 1.5}").expect(400, "sampleFraction"),
                post("sampleFraction and holdings", "/runs").json("{\"sampleFraction\": 0.1, \"holdings\": {\"AA\": 1}}")
                        .expect(400, "holdings", "not both"),
                post("holdings empty", "/runs").json("{\"holdings\": {}}").expect(400, "holdings", "at least one"),
                post("holdings a list", "/runs").json("{\"holdings\": [\"AA\"]}").expect(400, "holdings"),
                post("holdings 501 tickers", "/runs").json(tooManyHoldings)
                        .expect(400, "holdings", "at most 500", "max-holdings"),
                post("holdings negative", "/runs").json("{\"holdings\": {\"AA\": -100}}")
                        .expect(400, "holdings.AA", "positive, finite"),
                post("holdings NaN", "/runs").json("{\"holdings\": {\"AA\": \"NaN\"}}").expect(400, "holdings.AA"),
                post("holdings infinite", "/runs").json("{\"holdings\": {\"AA\": 1e400}}").expect(400, "holdings.AA"),
                post("holdings a bad symbol", "/runs").json("{\"holdings\": {\"A B\": 1}}")
                        .expect(400, "holdings.A B", "not a ticker symbol"),
                post("holdings an unknown ticker", "/runs").json("{\"holdings\": {\"XYZ\": 1}}")
                        .expect(400, "holdings.XYZ", "unknown ticker in dowjones30.csv"),
                post("unknown ticker and another bad field, in one answer", "/runs")
                        .json("{\"simulations\": 0, \"holdings\": {\"XYZ\": 1, \"AA\": 1}}")
                        .expect(400, "simulations", "holdings.XYZ", "unknown ticker in dowjones30.csv"),
                post("data unknown", "/runs").json("{\"data\": \"nope.csv\"}").expect(400, "data", "no data set named"),
                post("data a path outside", "/runs").json("{\"data\": \"../../../../etc/passwd\"}")
                        .expect(400, "data", "outside the data folders"),
                post("data absolute", "/runs").json("{\"data\": \"/etc/passwd\"}").expect(400, "data", "absolute"),
                post("data a URL", "/runs").json("{\"data\": \"file:/etc/passwd\"}").expect(400, "data"),
                post("data a 10 KiB name", "/runs").json("{\"data\": \"" + LONG_NAME + ".csv\"}")
                        .expect(400, "data", "no data set named", "more chars"),
                post("mode unknown", "/runs").json("{\"mode\": \"yarn\"}").expect(400, "mode", "ephemeral, master, local"),
                post("masterUrl without mode master", "/runs").json("{\"masterUrl\": \"spark://h:7077\"}")
                        .expect(400, "masterUrl", "only applies"),
                post("masterUrl not spark", "/runs").json("{\"mode\": \"master\", \"masterUrl\": \"http://x:1\"}")
                        .expect(400, "masterUrl", "spark://host:7077"),
                post("workers 0", "/runs").json("{\"workers\": 0}").expect(400, "workers", "between 1 and"),
                post("workers 1000", "/runs").json("{\"workers\": 1000}").expect(400, "workers"),
                post("clusterConfig not a DNS label", "/runs").json("{\"clusterConfig\": \"Bad_Name\"}")
                        .expect(400, "clusterConfig", "DNS label"),
                post("partitions 0", "/runs").json("{\"partitions\": 0}").expect(400, "partitions"),
                post("models empty", "/runs").json("{\"models\": []}").expect(400, "models", "at least one"),
                post("models unknown", "/runs").json("{\"models\": [\"garch\"]}")
                        .expect(400, "models[0]", "independent, correlated, historical"),
                post("models a string", "/runs").json("{\"models\": \"independent\"}").expect(400, "models"),
                post("backtestDays negative", "/runs").json("{\"backtestDays\": -1}").expect(400, "backtestDays"),
                post("backtestDays too many", "/runs").json("{\"backtestDays\": 100000}")
                        .expect(400, "backtestDays", "2520"),
                post("backtestDays a word", "/runs").json("{\"backtestDays\": \"many\"}").expect(400, "backtestDays"),
                post("estimationDays 1", "/runs").json("{\"estimationDays\": 1}").expect(400, "estimationDays", "between 2"),
                post("estimationDays too many", "/runs").json("{\"estimationDays\": 100000}")
                        .expect(400, "estimationDays"),
                post("an unknown field", "/runs").json("{\"simulation\": 5}")
                        .expect(400, "simulation", "unknown field", "known fields"),
                post("a 10 KiB unknown field", "/runs").json("{\"" + LONG_NAME + "\": 5}")
                        .expect(400, "unknown field", "more chars"),
                post("a key given twice", "/runs").json("{\"simulations\": 1, \"simulations\": 2}")
                        .expect(400, "simulations", "Duplicate field"),
                post("malformed JSON", "/runs").json("{\"simulations\": 1,").expect(400, "body", "line 1"),
                post("not JSON at all", "/runs").json("simulations=1").expect(400, "body"),
                post("an array body", "/runs").json("[1, 2]").expect(400, "body"),
                post("an empty body", "/runs").json("").expect(400, "body", "a JSON object is required"),
                post("JSON null", "/runs").json("null").expect(400, "body", "a JSON object is required"),
                post("nesting 2000 deep", "/runs").json(deep).expect(400, "body"));
    }

    /** Data files a run names: checked before anything is created (each row has holdings, so they are read). */
    static List<Row> dataFiles() {
        return List.of(
                post("a CSV without a ticker column", "/runs")
                        .json("{\"data\": \"badinput/noticker.csv\", \"holdings\": {\"AA\": 1}}")
                        .expect(400, "data", "has no 'ticker' column"),
                post("an empty CSV", "/runs").json("{\"data\": \"badinput/empty.csv\", \"holdings\": {\"AA\": 1}}")
                        .expect(400, "data", "is empty"),
                post("a CSV that is not UTF-8", "/runs")
                        .json("{\"data\": \"badinput/binary.csv\", \"holdings\": {\"AA\": 1}}")
                        .expect(400, "data", "not UTF-8 text"),
                post("a file that is no data set", "/runs").json("{\"data\": \"badinput/notes.txt\", \"holdings\": {\"AA\": 1}}")
                        .expect(400, "data", "not a CSV or Parquet data set"),
                post("a ticker the CSV does not have", "/runs")
                        .json("{\"data\": \"badinput/two.csv\", \"holdings\": {\"AA\": 1, \"ZZ\": 2}}")
                        .expect(400, "holdings.ZZ", "unknown ticker in badinput/two.csv"));
    }

    /** Content types, accepted types, methods and sizes. */
    static List<Row> headers() {
        String huge = "{\"data\": \"" + "x".repeat(300 * 1024) + "\"}";
        return List.of(
                post("Content-Type text/plain", "/runs").header("Content-Type", "text/plain").body("{}")
                        .expect(415, "Content-Type", "text/plain"),
                post("Content-Type missing", "/runs").body("{}").expect(415, "Content-Type"),
                post("Content-Type XML", "/runs").header("Content-Type", "application/xml").body("<run/>")
                        .expect(415, "application/xml"),
                post("a body over 256 KiB", "/runs").json(huge).expect(413, "at most 262144", "max-body-size"),
                post("a chunked body over 256 KiB", "/runs").json(huge).header("Transfer-Encoding", "chunked")
                        .statusLine().expect(413, "Request Entity Too Large"),
                post("a bad body with Accept: text/event-stream", "/runs").header("Accept", "text/event-stream")
                        .json("{\"simulations\": 0}").expect(400, "simulations"),
                get("Accept XML", "/runs").header("Accept", "application/xml").expect(406, "Accept", "application/xml"),
                row("PUT on a run", "PUT", "/runs/" + RUN).json("{}").expect(405, "method PUT"),
                row("PATCH on /runs", "PATCH", "/runs").json("{}").expect(405, "method PATCH"));
    }

    /** Ids in paths: unknown, long, with a line break, runs that are over. */
    static List<Row> ids() {
        return List.of(
                get("an unknown run", "/runs/nosuchrun000").expect(404, "no run with id 'nosuchrun000'"),
                get("a 4,000-character id", "/runs/" + LONG_ID).expect(404, "no run with id", "more chars"),
                get("an id with %0A", "/runs/abc%0Adef").expect(404, "abc\\\\ndef"),
                get("an id with %00", "/runs/abc%00def").expect(404, "no run with id"),
                get("the log of an unknown run", "/runs/nosuchrun000/log").expect(404, "nosuchrun000"),
                get("the events of an unknown run", "/runs/nosuchrun000/events").expect(404, "nosuchrun000"),
                row("cancelling an unknown run", "DELETE", "/runs/nosuchrun000").expect(404, "nosuchrun000"),
                row("cancelling a 4,000-character id", "DELETE", "/runs/" + LONG_ID).expect(404, "more chars"),
                row("cancelling a run that is over", "DELETE", "/runs/" + OVER).expect(409, "already cancelled"));
    }

    /** {@code Last-Event-ID} and {@code ?after=} on a running run's stream. */
    static List<Row> resumePoints() {
        String events = "/runs/" + RUN + "/events";
        return List.of(
                get("Last-Event-ID not a number", events).header("Last-Event-ID", "abc")
                        .expect(400, "Last-Event-ID", "non-negative event id"),
                get("Last-Event-ID negative", events).header("Last-Event-ID", "-1").expect(400, "Last-Event-ID"),
                get("Last-Event-ID beyond a long", events).header("Last-Event-ID", "99999999999999999999")
                        .expect(400, "Last-Event-ID"),
                get("Last-Event-ID after the newest event", events).header("Last-Event-ID", "9223372036854775807")
                        .expect(400, "Last-Event-ID", "at most"),
                get("Last-Event-ID 10 KiB of digits", events).header("Last-Event-ID", "9".repeat(10_240))
                        .expect(400, "Last-Event-ID", "more chars"),
                get("after not a number", events + "?after=abc").expect(400, "after", "non-negative event id"),
                get("after negative", events + "?after=-5").expect(400, "after"),
                get("after the newest event", events + "?after=1000").expect(400, "after", "at most"));
    }

    /** The job's callbacks: auth first, then strict, validated bodies; none may change the run. */
    static List<Row> callbacks() {
        String progress = "/internal/runs/" + RUN + "/progress";
        String result = "/internal/runs/" + RUN + "/result";
        String error = "/internal/runs/" + RUN + "/error";
        String good = "{\"phase\": \"simulating\", \"tasksDone\": 1, \"tasksTotal\": 2, \"percent\": 50";
        return List.of(
                post("callback without a token", progress).json(good + "}").expect(401, "bearer token"),
                post("callback with Basic auth", progress).header("Authorization", "Basic dXNlcjpwdw==")
                        .json(good + "}").expect(401, "bearer token"),
                post("callback with another token", progress).token("not-the-token").json(good + "}")
                        .expect(403, "not this run's"),
                post("callback for an unknown run", "/internal/runs/nosuchrun000/progress").token(TOKEN)
                        .json(good + "}").expect(403, "not this run's"),
                post("callback for a run that is over", "/internal/runs/" + OVER + "/progress").token(OVER_TOKEN)
                        .json(good + "}").expect(409, "not running"),
                post("progress malformed", progress).token(TOKEN).json(good).expect(400, "body"),
                post("progress empty", progress).token(TOKEN).json("").expect(400, "body", "must be a JSON object"),
                post("progress an unknown field", progress).token(TOKEN).json(good + ", \"eta\": 3}")
                        .expect(400, "eta", "unknown field"),
                post("progress a key twice", progress).token(TOKEN).json(good + ", \"percent\": 60}")
                        .expect(400, "percent", "Duplicate field"),
                post("progress tasksDone a word", progress).token(TOKEN)
                        .json("{\"phase\": \"x\", \"tasksDone\": \"one\", \"tasksTotal\": 2, \"percent\": 5}")
                        .expect(400, "tasksDone"),
                post("progress tasksDone a fraction", progress).token(TOKEN)
                        .json("{\"phase\": \"x\", \"tasksDone\": 1.5, \"tasksTotal\": 2, \"percent\": 5}")
                        .expect(400, "tasksDone"),
                post("progress percent 101", progress).token(TOKEN)
                        .json("{\"phase\": \"x\", \"tasksDone\": 1, \"tasksTotal\": 2, \"percent\": 101}")
                        .expect(400, "percent", "[0.0, 100.0]"),
                post("progress more done than total", progress).token(TOKEN)
                        .json("{\"phase\": \"x\", \"tasksDone\": 5, \"tasksTotal\": 2, \"percent\": 5}")
                        .expect(400, "tasksDone", "must not exceed tasksTotal"),
                post("progress no phase", progress).token(TOKEN)
                        .json("{\"phase\": \"\", \"tasksDone\": 1, \"tasksTotal\": 2, \"percent\": 5}")
                        .expect(400, "phase", "non-empty string"),
                post("progress as text/plain", progress).token(TOKEN).header("Content-Type", "text/plain")
                        .body(good + "}").expect(415, "Content-Type"),
                post("result an array", result).token(TOKEN).json("[1]").expect(400, "body", "must be a JSON object"),
                post("result for other simulations", result).token(TOKEN)
                        .json("{\"simulations\": 999, \"levels\": [0.05], \"var\": {\"0.05\": 1.0},"
                                + " \"expectedShortfall\": {\"0.05\": 2.0}}")
                        .expect(400, "simulations", "the run asked for 1000"),
                post("result without a level's VaR", result).token(TOKEN)
                        .json("{\"simulations\": 1000, \"levels\": [0.05], \"var\": {},"
                                + " \"expectedShortfall\": {\"0.05\": 2.0}}")
                        .expect(400, "var.0.05", "must be a number"),
                post("result without var", result).token(TOKEN)
                        .json("{\"simulations\": 1000, \"expectedShortfall\": {\"0.05\": 2.0}}").expect(400, "var"),
                post("result simulations a word", result).token(TOKEN)
                        .json("{\"simulations\": \"many\", \"var\": {}, \"expectedShortfall\": {}}")
                        .expect(400, "simulations"),
                post("result a key twice", result).token(TOKEN)
                        .json("{\"simulations\": 1000, \"simulations\": 1000}").expect(400, "Duplicate field"),
                post("error without a message", error).token(TOKEN).json("{\"exitCode\": 2}")
                        .expect(400, "message", "non-empty string"),
                post("error exitCode a word", error).token(TOKEN).json("{\"exitCode\": \"two\", \"message\": \"x\"}")
                        .expect(400, "exitCode"),
                post("error message over 2000 characters", error).token(TOKEN)
                        .json("{\"exitCode\": 2, \"message\": \"" + "m".repeat(2001) + "\"}")
                        .expect(400, "message", "at most 2000"),
                post("error an unknown field", error).token(TOKEN).json("{\"message\": \"x\", \"stack\": \"...\"}")
                        .expect(400, "stack", "unknown field"));
    }

    /**
     * The embedded oshinko API: oshinko's own error shape for what oshinko refuses (404, 409, 422), problem JSON
     * for JSON that cannot be read (service/README-cluster.md). Every create row fails before a process starts.
     */
    static List<Row> oshinko() {
        String clusters = "/oshinko/clusters";
        return List.of(
                post("cluster name not a DNS label", clusters).oshinko().json("{\"name\": \"Bad_Name\", \"config\": {}}")
                        .expect(409, "not a DNS label"),
                post("cluster name of 10 KiB", clusters).oshinko().json("{\"name\": \"" + LONG_NAME + "\"}")
                        .expect(409, "not a DNS label", "more chars"),
                post("cluster name empty", clusters).oshinko().json("{\"name\": \"\"}").expect(422, "name in body is required"),
                post("cluster without a name", clusters).oshinko().json("{\"config\": {\"workerCount\": 1}}")
                        .expect(422, "name in body is required"),
                post("cluster with an empty body", clusters).oshinko().json("").expect(422, "request body is required"),
                // 0 is oshinko's "not set" (Go's zero value: the stored config's count applies), so -1 is the bad one
                post("cluster workerCount -1", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"workerCount\": -1}}").expect(409, "workerCount less than 1"),
                post("cluster workerCount 100", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"workerCount\": 100}}").expect(409, "sparkvar.local.max-workers"),
                post("cluster masterCount 2", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"masterCount\": 2}}").expect(409, "masterCount of 1"),
                post("cluster minWorkers -1", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"minWorkers\": -1}}").expect(409, "minWorkers less than 1"),
                post("cluster maxWorkers below minWorkers", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"minWorkers\": 3, \"maxWorkers\": 2}}")
                        .expect(409, "maxWorkers (2) less than its minWorkers (3)"),
                post("cluster named config unknown", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"name\": \"nope\"}}").expect(409, "named config 'nope'"),
                post("cluster spark config unknown", clusters).oshinko()
                        .json("{\"name\": \"c1\", \"config\": {\"sparkMasterConfig\": \"nope\"}}")
                        .expect(409, "unable to find spark configuration 'nope'"),
                post("cluster workerCount a word", clusters).json("{\"name\": \"c1\", \"config\": {\"workerCount\": \"two\"}}")
                        .expect(400, "config.workerCount"),
                post("cluster workerCount a fraction", clusters)
                        .json("{\"name\": \"c1\", \"config\": {\"workerCount\": 1.5}}").expect(400, "config.workerCount"),
                post("cluster an unknown field", clusters).json("{\"name\": \"c1\", \"size\": 3}")
                        .expect(400, "size", "unknown field"),
                post("cluster config an unknown field", clusters).json("{\"name\": \"c1\", \"config\": {\"workers\": 2}}")
                        .expect(400, "config.workers", "unknown field"),
                post("cluster name twice", clusters).json("{\"name\": \"c1\", \"name\": \"c2\"}")
                        .expect(400, "name", "Duplicate field"),
                post("cluster malformed JSON", clusters).json("{\"name\": ").expect(400, "body"),
                post("cluster as text/plain", clusters).header("Content-Type", "text/plain").body("{\"name\": \"c1\"}")
                        .expect(415, "Content-Type"),
                row("scaling an unknown cluster", "PUT", clusters + "/ghost").oshinko()
                        .json("{\"config\": {\"workerCount\": 2}}").expect(404, "no such cluster 'ghost'"),
                row("scaling with an unknown field", "PUT", clusters + "/ghost").json("{\"workers\": 2}")
                        .expect(400, "workers", "unknown field"),
                get("a cluster with a 4,000-character name", clusters + "/" + LONG_ID).oshinko()
                        .expect(404, "no such cluster", "more chars"),
                get("a cluster name with %0A", clusters + "/a%0Ab").oshinko().expect(404, "no such cluster 'a\\\\nb'"),
                row("deleting an unknown cluster", "DELETE", clusters + "/ghost").oshinko().expect(404, "no such cluster"),
                row("PATCH on clusters", "PATCH", clusters).json("{}").expect(405, "method PATCH"));
    }

    /** The embedded Graphite's render API: bounded, linear-time targets and Graphite times. */
    static List<Row> renderTargets() {
        String render = "/local-graphite/ghost/render";
        String many = IntStream.range(0, 21).mapToObj(i -> "target=m" + i).collect(Collectors.joining("&"));
        String alternatives = IntStream.range(0, 65).mapToObj(i -> "a" + i).collect(Collectors.joining(",", "%7B", "%7D"));
        return List.of(
                get("render without a target", render).expect(400, "target", "is required"),
                get("render a 300-character target", render + "?target=" + "m".repeat(300))
                        .expect(400, "target[0]", "at most 256 characters"),
                get("render 21 targets", render + "?" + many).expect(400, "target", "at most 20"),
                get("render an unclosed class", render + "?target=master.%5Babc").expect(400, "target[0]", "unclosed '['"),
                get("render an unclosed brace", render + "?target=master.%7Ba,b").expect(400, "target[0]", "unclosed '{'"),
                get("render nested braces", render + "?target=a.%7Bb,%7Bc,d%7D%7D").expect(400, "target[0]", "nested braces"),
                get("render 65 alternatives", render + "?target=m." + alternatives)
                        .expect(400, "target[0]", "expands to more than 64"),
                get("render a control character", render + "?target=a%01b").expect(400, "target[0]", "printable ASCII"),
                get("render format raw", render + "?target=m&format=raw").expect(400, "format", "only json"),
                get("render from a word", render + "?target=m&from=yesterday").expect(400, "from", "not a Graphite time"),
                get("render until a word", render + "?target=m&until=later").expect(400, "until", "not a Graphite time"),
                // cut, not echoed whole (issue 18)
                get("render from 3,000 digits", render + "?target=m&from=" + "9".repeat(3000))
                        .expect(400, "from", "not a Graphite time", "(2960 more chars)"),
                get("render from an overflowing -<n>w", render + "?target=m&from=-99999999999999999w")
                        .expect(400, "from", "not a Graphite time"),
                get("render for an unknown cluster", render + "?target=master.aliveWorkers")
                        .expect(404, "no metrics receiver for cluster 'ghost'"),
                get("metric names of an unknown cluster", "/local-graphite/ghost/metrics/index.json")
                        .expect(404, "no metrics receiver"),
                post("POST on render", render).json("{}").expect(405, "method POST"));
    }

    // --- fixtures ---------------------------------------------------------------------------------------------

    @TestHTTPResource("/")
    URI base;

    @Inject
    Runs runs;

    @Inject
    RunsConfig config;

    @Inject
    ObjectMapper json;

    private static Run running;
    private static Run over;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @BeforeEach
    void fixtures() throws Exception {
        if (running != null) {
            return;
        }
        Path bad = Files.createDirectories(Path.of("target/test-datasets/badinput"));
        Files.writeString(bad.resolve("noticker.csv"), "symbol,date,close\nAA,2020-01-02,1.0\n");
        Files.writeString(bad.resolve("empty.csv"), "");
        Files.write(bad.resolve("binary.csv"), new byte[] {'t', 'i', 'c', (byte) 0xff, (byte) 0xfe, '\n', (byte) 0xc3});
        Files.writeString(bad.resolve("notes.txt"), "ticker,date,close\n");
        Files.writeString(bad.resolve("two.csv"), "ticker,date,close\nAA,2020-01-02,1.0\nAA,2020-01-03,1.1\n");

        RunParameters parameters = new RunParameters(1000, 5, List.of(0.05), null, 0.01, null, "dowjones30.csv",
                null, "clusterconfig", ClusterMode.LOCAL, null, null, List.of(RiskModel.INDEPENDENT), 0, 250);
        running = runs.add(new Run(Runs.randomId(12), "token-" + Runs.randomId(24), parameters, Instant.now(), 50));
        running.emit(RunEvent.ACCEPTED, RunEvent.data("id", running.id(), "parameters", parameters));
        assertTrue(running.enter(RunState.RUNNING));
        over = runs.add(new Run(Runs.randomId(12), "token-" + Runs.randomId(24), parameters, Instant.now(), 50));
        over.emit(RunEvent.ACCEPTED, RunEvent.data("id", over.id(), "parameters", parameters));
        assertTrue(over.finish(RunState.CANCELLED, "a fixture of BadInputTests"));
        // saved by the store's own thread: wait, so that a row's "nothing changed" does not see the fixtures land
        Path dir = config.dir();
        org.awaitility.Awaitility.await("the fixture runs saved").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(dir.resolve(running.id()).resolve("run.json"))
                        && Files.exists(dir.resolve(over.id()).resolve("run.json")));
    }

    @AfterAll
    static void endTheRunningFixture() {
        if (running != null) {
            running.finish(RunState.CANCELLED, "BadInputTests is over");
        }
    }

    // --- the table --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{index} {0}")
    @MethodSource("rows")
    void badInputIsRefusedNamingWhatIsWrongAndChangesNothing(Row row) throws Exception {
        State before = state();
        // preemptive: a hang fails this row instead of stalling the table
        Answer answer = assertTimeoutPreemptively(TIMEOUT.multipliedBy(2), () -> send(row));
        String body = answer.body();
        String context = row.method() + " " + cut(row.path()) + " -> " + answer.status() + " " + cut(body);

        assertNotEquals(500, answer.status(), context);
        assertEquals(row.status(), answer.status(), context);
        assertFalse(body.contains("Exception") || body.contains("at dev.sparkvar") || body.contains("\tat "),
                "no stack trace or exception name: " + context);
        assertTrue(body.length() <= MAX_ANSWER, "a long value is not echoed whole (" + body.length() + " chars): "
                + context);
        String contentType = answer.contentType();
        if (row.shape() == Shape.STATUS_LINE) {
            assertEquals("", body, context);
            for (String fragment : row.fragments()) {
                assertTrue(answer.statusLine().contains(fragment), "the status line names '" + fragment + "': "
                        + answer.statusLine());
            }
            assertEquals(before, state(), "nothing changed: " + context);
            return;
        }
        JsonNode document = json.readTree(body);
        if (row.shape() == Shape.PROBLEM) {
            assertTrue(contentType.startsWith("application/problem+json"), "problem JSON: " + context);
            assertEquals(row.status(), document.path("status").asInt(), context);
            assertFalse(document.path("detail").asText().isBlank(), "a detail: " + context);
        } else {
            assertTrue(contentType.startsWith(JSON), "oshinko's JSON: " + context);
            assertEquals(row.status(), document.path("errors").path(0).path("status").asInt(), context);
        }
        for (String fragment : row.fragments()) {
            assertTrue(body.contains(fragment), "the message names '" + fragment + "': " + context);
        }
        assertEquals(before, state(), "nothing changed: " + context);
    }

    /** A row's answer: its status, Content-Type and body. */
    record Answer(int status, String statusLine, String contentType, String body) {
    }

    private Answer send(Row row) throws IOException, InterruptedException {
        if (row.body() != null && row.body().length() > 64 * 1024) {
            return sendHeadersFirst(row);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(fill(row.path())))
                .timeout(TIMEOUT)
                .method(row.method(), row.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(fill(row.body()), StandardCharsets.UTF_8));
        withCredential(row).forEach((name, value) -> request.header(name, fill(value)));
        try {
            HttpResponse<String> response = HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), "", response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT + ": " + row.method() + " " + cut(row.path()), e);
        }
    }

    /**
     * A large body as a client sends it: the headers (with its {@code Content-Length}), then the body while the
     * answer may already be on its way; the server refuses it on the headers and closes, so the body is written
     * from another thread and its failure ignored, and the answer is read until the connection closes.
     */
    private Answer sendHeadersFirst(Row row) throws IOException {
        boolean chunked = "chunked".equals(row.headers().get("Transfer-Encoding"));
        byte[] body = chunked ? chunks(fill(row.body()).getBytes(StandardCharsets.UTF_8))
                : fill(row.body()).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            StringBuilder head = new StringBuilder(row.method() + " " + row.path() + " HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append(chunked ? "" : "Content-Length: " + body.length + "\r\n");
            withCredential(row).forEach((name, value) -> head.append(name).append(": ").append(fill(value))
                    .append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException refused) {
                    // the server closed the connection after its answer: expected
                }
            });
            writer.setDaemon(true);
            writer.start();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            assertTrue(end > 0, "an HTTP answer: " + cut(answer));
            String[] lines = answer.substring(0, end).split("\r\n");
            String contentType = "";
            for (String line : lines) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
            }
            return new Answer(Integer.parseInt(lines[0].split(" ")[1]), lines[0], contentType,
                    answer.substring(end + 4));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT + ": " + row.method() + " " + cut(row.path()), e);
        }
    }

    /**
     * The row's headers with the test credential (issue 13's access), so that each row reaches the check it is
     * about; the job's callbacks carry their run's own token (or none, where that is the bad input).
     */
    private static Map<String, String> withCredential(Row row) {
        Map<String, String> headers = new LinkedHashMap<>(row.headers());
        if (!row.path().startsWith("/internal/")) {
            headers.putIfAbsent("Authorization", TestAccess.authorizationFor(row.path()));
        }
        return headers;
    }

    /** {@code body} in chunked transfer coding, 16 KiB a chunk. */
    private static byte[] chunks(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += 16 * 1024) {
            int n = Math.min(16 * 1024, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String fill(String text) {
        return text.replace(OVER_TOKEN, over.token()).replace(TOKEN, running.token())
                .replace(RUN, running.id()).replace(OVER, over.id());
    }

    /** What a bad input must leave as it was. */
    record State(int runs, String newestRun, String clusters, long javaProcesses, long runFolders,
            long runningEvents, RunState runningState, long overEvents) {
    }

    private State state() throws IOException, InterruptedException {
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(base.resolve("/runs")).timeout(TIMEOUT)
                .header("Authorization", TestAccess.authorization()).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> clusters = HTTP.send(HttpRequest.newBuilder(base.resolve("/oshinko/clusters"))
                .timeout(TIMEOUT).header("Authorization", TestAccess.authorizationFor("/oshinko")).build(),
                HttpResponse.BodyHandlers.ofString());
        long folders;
        try (Stream<Path> children = Files.list(config.dir())) {
            folders = children.count();
        }
        return new State(runs.all().size(), json.readTree(list.body()).path(0).path("id").asText(), clusters.body(),
                javaDescendants(), folders,
                running.lastEventId(), running.state(), over.lastEventId());
    }

    /**
     * JVMs below this one: what a run would start (Spark daemons, executors, the job). Other children come and go on
     * their own (a short-lived {@code ps}, a shell) and would make the comparison flaky.
     */
    private static long javaDescendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false)).count();
    }

    private static String cut(String text) {
        return Objects.toString(text).length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
