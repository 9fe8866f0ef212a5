package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkvar.job.model.CorrelatedKernel;
import dev.sparkvar.job.model.CovarianceFactor;
import dev.sparkvar.job.model.HistoricalKernel;
import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import dev.sparkvar.job.model.ModelStreams;
import dev.sparkvar.jobapi.RiskModel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every model gives bit-identical outcomes, and the whole result is identical, whatever the partitions. */
class ModelPartitionInvarianceTests {
    @TempDir
    Path dir;

    @Test
    void everyModelsOutcomesAreBitIdenticalFor1And3And8Partitions() {
        double[] holdings = {1e5, 2e5, 3e4};
        SimulationKernel independent = new SimulationKernel(holdings, new double[] {0.1, 0.03, -0.02},
                new double[] {1.5, 2.2, 0.7}, 5, 99);
        CorrelatedKernel correlated = new CorrelatedKernel(holdings, new double[] {0.1, 0.03, -0.02},
                CovarianceFactor.of(new Array2DRowRealMatrix(new double[][] {{2.25, 1.1, 0.2}, {1.1, 4.84, -0.4},
                    {0.2, -0.4, 0.49}})), 5, ModelStreams.seed(RiskModel.CORRELATED, 99));
        HistoricalKernel historical = new HistoricalKernel(holdings, new double[][] {{1, -2, 0.5}, {0.3, 0.1, -0.2},
            {-1.5, 2.5, 0}, {0.8, -0.4, 1.2}}, 5, ModelStreams.seed(RiskModel.HISTORICAL, 99));
        List<PathKernel> kernels = List.of(independent, correlated, historical);
        double[][] one = SimulationRunner.run(TestSpark.session(), kernels, 10_001, 1);
        double[][] three = SimulationRunner.run(TestSpark.session(), kernels, 10_001, 3);
        double[][] eight = SimulationRunner.run(TestSpark.session(), kernels, 10_001, 8);
        for (int m = 0; m < kernels.size(); m++) {
            assertArrayEquals(one[m], three[m]);
            assertArrayEquals(one[m], eight[m]);
            assertArrayEquals(kernels.get(m).simulate(0, 10_001), one[m]);
        }
        // the independent model's outcomes do not move when other models run beside it
        assertArrayEquals(SimulationRunner.run(TestSpark.session(), independent, 10_001, 3), one[0]);
    }

    @Test
    void importanceSampledOutcomesAndWeightsAreBitIdenticalFor1And3And8Partitions() {
        double[] holdings = {1e5, 2e5, 3e4};
        List<PathKernel> kernels = List.of(
                new SimulationKernel(holdings, new double[] {0.1, 0.03, -0.02}, new double[] {1.5, 2.2, 0.7}, 5, 99)
                        .importance(0.01),
                new CorrelatedKernel(holdings, new double[] {0.1, 0.03, -0.02},
                        CovarianceFactor.of(new Array2DRowRealMatrix(new double[][] {{2.25, 1.1, 0.2},
                            {1.1, 4.84, -0.4}, {0.2, -0.4, 0.49}})), 5, ModelStreams.seed(RiskModel.CORRELATED, 99))
                        .importance(0.01),
                new HistoricalKernel(holdings, new double[][] {{1, -2, 0.5}, {0.3, 0.1, -0.2}, {-1.5, 2.5, 0},
                    {0.8, -0.4, 1.2}}, 5, ModelStreams.seed(RiskModel.HISTORICAL, 99)).importance(0.01));
        Paths[] one = SimulationRunner.paths(TestSpark.session(), kernels, 10_001, 1);
        Paths[] three = SimulationRunner.paths(TestSpark.session(), kernels, 10_001, 3);
        Paths[] eight = SimulationRunner.paths(TestSpark.session(), kernels, 10_001, 8);
        for (int m = 0; m < kernels.size(); m++) {
            assertArrayEquals(one[m].outcomes(), three[m].outcomes());
            assertArrayEquals(one[m].outcomes(), eight[m].outcomes());
            assertArrayEquals(one[m].weights(), three[m].weights());
            assertArrayEquals(one[m].weights(), eight[m].weights());
            Paths direct = kernels.get(m).paths(0, 10_001);
            assertArrayEquals(direct.outcomes(), one[m].outcomes());
            assertArrayEquals(direct.weights(), one[m].weights());
        }
    }

    @Test
    void importanceSampledResultIsIdenticalAcrossPartitions() throws IOException {
        ObjectNode p1 = result("i1.json", "--partitions", "1", "--variance-reduction", "importance");
        ObjectNode p8 = result("i8.json", "--partitions", "8", "--variance-reduction", "importance");
        assertEquals(p1, p8);
        assertEquals("importance", p1.get("varianceReduction").asText());
        for (String model : List.of("historical", "correlated", "independent")) {
            for (String level : List.of("0.05", "0.01")) {
                assertTrue(p1.at("/models/" + model + "/varStandardError/" + level).asDouble() > 0, model);
                assertTrue(p1.at("/models/" + model + "/expectedShortfallStandardError/" + level).asDouble() > 0,
                        model);
            }
        }
        assertEquals(p1.at("/models/historical/varStandardError"), p1.get("varStandardError"));
        ObjectNode plain = result("plain.json", "--partitions", "3");
        assertEquals("none", plain.get("varianceReduction").asText());
        assertNotEquals(plain.get("var"), p1.get("var"));
    }

    /** Results by their extra options: both tests need the plain 3-partition run, which is made once. */
    private static final Map<List<String>, ObjectNode> RESULTS = new HashMap<>();

    private ObjectNode result(String name, String... extra) throws IOException {
        ObjectNode known = RESULTS.get(List.of(extra));
        if (known != null) {
            return known.deepCopy();
        }
        Path out = dir.resolve(name);
        String[] base = {"--data", TestSpark.SAMPLE.toString(), "--sample-fraction", "0.3", "--simulations", "3000",
            "--levels", "0.05,0.01", "--models", "historical,correlated,independent", "--backtest-days", "100",
            "--output", out.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        TestSpark.Run run = TestSpark.cli(args);
        assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
        ObjectNode r = (ObjectNode) TestSpark.JSON.readTree(out.toFile());
        r.remove("timings");
        r.remove("partitions");
        RESULTS.put(List.of(extra), r.deepCopy());
        return r;
    }

    @Test
    void wholeResultWithEveryModelAndTheBacktestIsIdenticalAcrossPartitions() throws IOException {
        ObjectNode p1 = result("p1.json", "--partitions", "1");
        ObjectNode p3 = result("p3.json", "--partitions", "3");
        ObjectNode p8 = result("p8.json", "--partitions", "8");
        assertEquals(p1, p3);
        assertEquals(p1, p8);
        assertEquals(3, p1.get("models").size());
        assertEquals(p1.at("/models/historical/var"), p1.get("var"), "historical listed first");
        assertNotEquals(p1.at("/models/correlated/var"), p1.at("/models/historical/var"));
        ObjectNode otherSeed = result("s.json", "--seed", "1");
        assertNotEquals(p1.at("/models/correlated/var"), otherSeed.at("/models/correlated/var"));
        assertNotEquals(p1.at("/models/historical/var"), otherSeed.at("/models/historical/var"));
    }
}
