package dev.sparkvar.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Order statistics as the notebook defines them. */
class RiskFiguresTests {

    /** Outcomes 0..n-1 in shuffled index order. */
    private static double[] shuffledRange(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i * 7919L) % n; // 7919 is prime and coprime to n below
        }
        return v;
    }

    @Test
    void varIsTheFloorIndexOrderStatistic() {
        RiskFigures f = new RiskFigures(shuffledRange(1000));
        assertEquals(50, f.valueAtRisk(0.05));
        assertEquals(10, f.valueAtRisk(0.01));
        assertEquals(0, f.valueAtRisk(0.0005));
        // ES: mean of 0..50
        assertEquals(25, f.expectedShortfall(0.05));
    }

    @Test
    void confidenceIntervalUsesRanksAroundNp() {
        RiskFigures f = new RiskFigures(shuffledRange(10_000));
        // np = 500, 1.96 sqrt(500 * 0.95) = 42.7 -> ranks 457 and 543 (var.md section 2)
        assertArrayEquals(new double[] {457, 543}, f.confidenceInterval(0.05));
    }

    @Test
    void histogramCoversEveryOutcome() {
        double[] v = shuffledRange(1001);
        RiskFigures.Histogram h = new RiskFigures(v).histogram(25);
        assertEquals(26, h.edges().length);
        assertEquals(0, h.edges()[0]);
        assertEquals(1000, h.edges()[25]);
        assertEquals(1001, Arrays.stream(h.counts()).sum());
        assertEquals(40, h.counts()[0]); // [0, 40)
        assertEquals(41, h.counts()[24]); // [960, 1000] includes the max
    }

    @Test
    void degenerateHistogramIsWidened() {
        RiskFigures.Histogram h = new RiskFigures(new double[] {0, 0, 0}).histogram(2);
        assertArrayEquals(new double[] {-0.5, 0, 0.5}, h.edges());
        assertArrayEquals(new long[] {0, 3}, h.counts());
    }

    @Test
    void curveIsDownSampledWithNotebookP() {
        RiskFigures f = new RiskFigures(shuffledRange(10_000));
        RiskFigures.Curve c = f.curve(1000);
        assertEquals(1000, c.p().length);
        assertEquals(0, c.p()[0]);
        assertEquals(0.9999, c.p()[999], 1e-12);
        assertEquals(9999, c.pnl()[999]);
        RiskFigures.Curve small = new RiskFigures(shuffledRange(10)).curve(1000);
        assertArrayEquals(new double[] {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, small.p(), 1e-12);
    }

    @Test
    void ranksMapBackToSimulationsWithTiesByIndex() {
        double[] outcomes = {5, 1, 3, 1, 9};
        double[] sorted = new RiskFigures(outcomes).sorted();
        assertEquals(1, SimulationOrder.simulationAtRank(outcomes, sorted, 0));
        assertEquals(3, SimulationOrder.simulationAtRank(outcomes, sorted, 1));
        assertEquals(2, SimulationOrder.simulationAtRank(outcomes, sorted, 2));
        assertEquals(4, SimulationOrder.simulationAtRank(outcomes, sorted, 4));
    }

    @Test
    void meanAndSampleStddev() {
        double[] v = {1, 2, 3, 4};
        assertEquals(2.5, Moments.mean(v));
        assertEquals(Math.sqrt(5.0 / 3), Moments.stddev(v), 1e-15);
    }
}
