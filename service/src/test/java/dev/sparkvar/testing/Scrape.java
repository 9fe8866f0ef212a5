package dev.sparkvar.testing;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The management port's Prometheus scrape as samples, and the sums and deltas tests compare. */
public final class Scrape {

    private Scrape() {
    }

    /** One sample of a scrape: {@code name{labels} value}. */
    public record Sample(String name, String labels, double value) {
    }

    public static List<Sample> now() {
        String text = given().header(TestAccess.ANONYMOUS, "yes").get(Management.uri("/q/metrics")).then()
                .statusCode(200).extract().asString();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            String labels = brace < 0 ? "" : line.substring(brace + 1, line.lastIndexOf('}'));
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return samples;
    }

    /** The sum of {@code name}'s samples carrying every label {@code k="v"} given (pairs); 0 when none. */
    public static double value(List<Sample> samples, String name, String... labelPairs) {
        double sum = 0;
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= s.labels().contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (all) {
                sum += s.value();
            }
        }
        return sum;
    }

    /** Deltas, not absolute values: other tests may have run in this JVM before. */
    public static void assertDelta(List<Sample> from, List<Sample> to, double delta, String name, String... labels) {
        assertEquals(delta, value(to, name, labels) - value(from, name, labels), name + " " + String.join(",", labels));
    }
}
