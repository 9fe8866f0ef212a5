package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same inputs and seed give bit-identical results whatever the partitions and the executor cores. */
class PartitionInvarianceTests {
    @TempDir
    Path dir;

    private ObjectNode result(String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        String[] base = {"--data", TestSpark.SAMPLE.toString(), "--sample-fraction", "0.3", "--simulations", "3000",
            "--levels", "0.05,0.01", "--output", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        TestSpark.Run run = TestSpark.cli(args);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        ObjectNode r = (ObjectNode) TestSpark.JSON.readTree(out.toFile());
        r.remove("timings");
        r.remove("partitions");
        return r;
    }

    @Test
    void outcomesAreBitIdenticalFor1And3And8Partitions() {
        SimulationKernel kernel = new SimulationKernel(new double[] {1e5, 2e5, 3e4}, new double[] {0.1, 0.03, -0.02},
                new double[] {1.5, 2.2, 0.7}, 5, 99);
        double[] one = SimulationRunner.run(TestSpark.session(), kernel, 10_001, 1);
        double[] three = SimulationRunner.run(TestSpark.session(), kernel, 10_001, 3);
        double[] eight = SimulationRunner.run(TestSpark.session(), kernel, 10_001, 8);
        assertArrayEquals(one, three);
        assertArrayEquals(one, eight);
        assertArrayEquals(kernel.simulate(0, 10_001), one);
    }

    @Test
    void wholeResultIsIdenticalAcrossPartitionsAndLocal1VersusLocal2() throws IOException {
        ObjectNode p1 = result("p1.json", "--partitions", "1");
        ObjectNode p3 = result("p3.json", "--partitions", "3");
        ObjectNode p8 = result("p8.json", "--partitions", "8");
        assertEquals(p1, p3);
        assertEquals(p1, p8);
        int size = p1.get("portfolio").size(); // round(0.3 * 30) = 9 draws, duplicates collapse
        assertEquals(true, size >= 5 && size <= 9, "portfolio size " + size);
        ObjectNode otherSeed = result("s.json", "--seed", "1");
        assertNotEquals(p1.get("var"), otherSeed.get("var"));
        ObjectNode single;
        try {
            TestSpark.start("local[1]");
            single = result("l1.json");
        } finally {
            TestSpark.start("local[2]"); // a fresh local[2] session, also for the classes after this one
        }
        ObjectNode dual = result("l2.json");
        assertEquals(p1, single);
        assertEquals(p1, dual);
    }
}
