package dev.sparkvar.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkvar.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21's log lines: JSON objects, one a line (here in a file, with the same JSON formatter and filter as the
 * container's console), and every line about a run carries its id and cluster as fields: the service's lines and
 * the job's own output. A real run on the embedded default (real Spark and job JVMs).
 */
@QuarkusTest
@TestProfile(JsonLogTests.JsonFile.class)
class JsonLogTests {

    static final Path LOG = Path.of("target/json-log-tests/sparkvar.log");

    public static class JsonFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG.toString(),
                    "quarkus.log.file.json.enabled", "true",
                    "quarkus.log.file.filter", "sparkvar-run-fields");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void aRunsLinesAreJsonWithItsIdAndCluster() throws Exception {
        String runId;
        String cluster;
        try (SseClient sse = SseClient.post(base.resolve("/runs"), "{\"simulations\": 20000, \"seed\": 8}")) {
            runId = sse.await("accepted", Duration.ofSeconds(10)).data().get("id").asText();
            cluster = sse.await("cluster-created", Duration.ofMinutes(2)).data().get("cluster").asText();
            sse.await("completed", Duration.ofMinutes(4));
            sse.awaitEnd(Duration.ofSeconds(30));
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> ofTheRun = new ArrayList<>();
        int lines = 0;
        for (String line : Files.readAllLines(LOG, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = json.readTree(line); // every line is one JSON object
            assertTrue(node.isObject() && node.hasNonNull("message") && node.hasNonNull("level"), line);
            lines++;
            if (runId.equals(node.path("mdc").path("runId").asText())) {
                ofTheRun.add(node);
            }
        }
        assertTrue(lines > 10, "lines: " + lines);
        String summary = ofTheRun.stream().map(n -> n.path("loggerName").asText() + " " + n.path("mdc")).distinct()
                .limit(30).toList().toString();
        assertTrue(ofTheRun.stream().anyMatch(n -> n.path("loggerName").asText().equals("dev.sparkvar.job")
                && cluster.equals(n.path("mdc").path("cluster").asText())), "a job line with both fields: " + summary);
        // a service line (any of the service's own loggers: which ones speak in a happy run is not this test's point)
        assertTrue(ofTheRun.stream().anyMatch(n -> n.path("loggerName").asText().startsWith("dev.sparkvar.")
                && !n.path("loggerName").asText().equals("dev.sparkvar.job")
                && cluster.equals(n.path("mdc").path("cluster").asText())), "a service line with both fields: " + summary);
        // and nothing else's: no line of another run or cluster carries this run's id
        assertTrue(ofTheRun.stream().allMatch(n -> !n.path("mdc").has("cluster")
                || cluster.equals(n.path("mdc").path("cluster").asText())), summary);
    }
}
