package dev.sparkvar.job;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkvar.jobapi.Standby;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standby mode of a warm pool's slot: warm-up, {@code ready}, one run from stdin, the digits of a direct run. */
class StandbyJobTests {

    private static final String[] SESSION = {"--master", "local[2]"};

    @Test
    void theStandbyOptionIsRecognisedStrippedAndChecked() {
        String[] args = {"--standby", "stdin", "--master", "local[2]"};
        assertTrue(StandbyJob.requested(args));
        assertArrayEquals(new String[]{"--master", "local[2]"}, StandbyJob.without(args));
        assertArrayEquals(new String[]{"--master", "x"}, StandbyJob.without(new String[]{"--standby=stdin", "--master", "x"}));
        assertFalse(StandbyJob.requested(new String[]{"--master", "local[2]"}));
        assertThrows(BadInputException.class, () -> StandbyJob.without(new String[]{"--standby", "http"}));
    }

    @Test
    void aStandbyJobSaysReadyThenRunsTheOneRunOnItsStdinWithTheDigitsOfADirectRun() throws Exception {
        String line = VarJob.JSON.writeValueAsString(new Standby.Parameters("token-not-used-without-callback",
                List.of("--data", TestSpark.SAMPLE.toString(), "--seed", "7", "--simulations", "3000")));
        Outcome standby = standby(line + "\n");
        assertEquals(0, standby.code, standby.err);
        assertEquals(Standby.READY, standby.events.get(0).path("event").asText(), "ready comes first: " + standby.out);
        assertTrue(standby.events.get(0).path("warmUpSeconds").asDouble() > 0);
        JsonNode result = standby.events.get(standby.events.size() - 1);
        assertEquals("result", result.path("event").asText(), standby.out);

        TestSpark.Run direct = TestSpark.cli("--data", TestSpark.SAMPLE.toString(), "--seed", "7", "--simulations", "3000");
        assertEquals(0, direct.exitCode(), direct.stderr());
        assertEquals(direct.last().get("var"), result.get("var"), "same seed, same digits");
    }

    @Test
    void stdinClosedBeforeARunCameEndsTheJobWithZero() {
        Outcome standby = standby("");
        assertEquals(0, standby.code, standby.err);
        assertEquals(1, standby.events.size(), "only ready: " + standby.out);
        assertTrue(standby.err.contains("standard input closed"), standby.err);
    }

    private record Outcome(int code, List<JsonNode> events, String out, String err) {
    }

    private static Outcome standby(String stdin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = StandbyJob.run(SESSION, TestSpark.session(), new BufferedReader(new StringReader(stdin)), o, e);
        }
        List<JsonNode> events = new ArrayList<>();
        for (String l : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (l.startsWith("{")) {
                try {
                    events.add(TestSpark.JSON.readTree(l));
                } catch (Exception ex) {
                    throw new AssertionError(l, ex);
                }
            }
        }
        return new Outcome(code, events, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
