package dev.sparkvar.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.SparkSession;

/** One {@code local[2]} session shared by the test classes (starting Spark is the slow part). */
final class TestSpark {
    static final Path SAMPLE = Path.of("src/main/data/dowjones30.csv");
    static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = start("local[2]");
        }
        return session;
    }

    /** A fresh session on {@code master}; stops the shared one first (one SparkContext per JVM). */
    static synchronized SparkSession start(String master) {
        if (session != null) {
            session.stop();
            session = null;
        }
        SparkSession s = SparkSession.builder().master(master).appName("sparkvar-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        session = s;
        return s;
    }

    /** The outcome of one in-process command-line run. */
    record Run(int exitCode, List<JsonNode> events, String stdout, String stderr) {
        JsonNode last() {
            return events.get(events.size() - 1);
        }

        String errorMessage() {
            JsonNode e = last();
            return "error".equals(e.path("event").asText()) ? e.path("message").asText() : null;
        }
    }

    /** Runs the command line in-process on the shared session. */
    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = VarJob.run(args, session(), o, e);
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> events = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                try {
                    events.add(JSON.readTree(line));
                } catch (Exception ex) {
                    throw new AssertionError("stdout line is not JSON: " + line, ex);
                }
            }
        }
        return new Run(code, events, stdout, err.toString(StandardCharsets.UTF_8));
    }
}
