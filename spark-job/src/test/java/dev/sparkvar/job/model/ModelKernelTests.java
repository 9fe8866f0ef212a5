package dev.sparkvar.job.model;

import dev.sparkvar.jobapi.RiskModel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.sparkvar.job.JobArgs;
import dev.sparkvar.job.SimulationKernel;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.junit.jupiter.api.Test;

/** The correlated and historical kernels are pure functions of (model, seed, index), like today's. */
class ModelKernelTests {
    private static final double[] HOLDINGS = {1000, 2500, 400};
    private static final double[][] CHANGES = {
        {1.0, -0.5, 0.2}, {-2.0, 1.5, 0.0}, {0.3, 0.3, -1.1}, {4.0, -3.0, 2.5}, {-0.7, 0.1, 0.9}};
    private static final CorrelatedKernel CORRELATED = new CorrelatedKernel(HOLDINGS, new double[] {0.05, -0.02, 0.1},
            CovarianceFactor.of(new Array2DRowRealMatrix(new double[][] {{1.44, 0.5, 0}, {0.5, 6.25, -0.3},
                {0, -0.3, 0.64}})), 5, ModelStreams.seed(RiskModel.CORRELATED, 42));
    private static final HistoricalKernel HISTORICAL =
            new HistoricalKernel(HOLDINGS, CHANGES, 5, ModelStreams.seed(RiskModel.HISTORICAL, 42));

    @Test
    void rangesAgreeWithSingleSimulationsWhereverTheyAreCut() {
        for (PathKernel kernel : List.<PathKernel>of(CORRELATED, HISTORICAL)) {
            double[] all = kernel.simulate(0, 100);
            double[] tail = kernel.simulate(37, 100);
            for (int k = 37; k < 100; k++) {
                assertEquals(Double.doubleToLongBits(all[k]), Double.doubleToLongBits(tail[k - 37]));
                assertEquals(Double.doubleToLongBits(all[k]), Double.doubleToLongBits(kernel.simulate(k, k + 1)[0]));
            }
            double[] walk = kernel.walk(17);
            assertEquals(6, walk.length);
            assertEquals(3900, walk[0]);
            assertEquals(all[17], walk[5] - kernel.initialValue());
        }
    }

    @Test
    void everyModelHasItsOwnStreamsAndTheIndependentKeepsTheSeed() {
        assertEquals(42L, ModelStreams.seed(RiskModel.INDEPENDENT, 42));
        Set<Long> seeds = new HashSet<>();
        for (RiskModel m : RiskModel.values()) {
            seeds.add(ModelStreams.seed(m, 42));
        }
        assertEquals(3, seeds.size());
        assertNotEquals(ModelStreams.seed(RiskModel.CORRELATED, 42), ModelStreams.seed(RiskModel.CORRELATED, 43));
    }

    @Test
    void historicalReplaysWholeDatesDrawnUniformly() {
        // one day: the outcome is exactly one date's P&L of the holdings
        HistoricalKernel oneDay = new HistoricalKernel(HOLDINGS, CHANGES, 1, 7);
        double[] outcomes = oneDay.simulate(0, 50_000);
        int[] counts = new int[CHANGES.length];
        for (int k = 0; k < outcomes.length; k++) {
            int date = oneDay.drawnDates(k)[0];
            counts[date]++;
            double pnl = 0;
            for (int i = 0; i < HOLDINGS.length; i++) {
                pnl += HOLDINGS[i] * CHANGES[date][i] / 100;
            }
            assertEquals(pnl, outcomes[k], 1e-9);
        }
        // uniform: each of 5 dates 10,000 times, sd 89; 5 sd either side
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 450, "counts " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void zeroCovarianceGrowsByTheMeanExactly() {
        CorrelatedKernel flat = new CorrelatedKernel(new double[] {1000}, new double[] {1.0},
                CovarianceFactor.of(new Array2DRowRealMatrix(new double[1][1])), 2, 1);
        assertArrayEquals(new double[] {1000, 1010, 1020.1}, flat.walk(0), 1e-9);
    }

    @Test
    void estimateIsTheMeanAndTheSampleCovariance() {
        CorrelatedKernel.Estimate e = CorrelatedKernel.Estimate.of(CHANGES);
        int t = CHANGES.length;
        for (int i = 0; i < 3; i++) {
            double mi = 0;
            for (double[] row : CHANGES) {
                mi += row[i] / t;
            }
            assertEquals(mi, e.means()[i], 1e-12);
            for (int j = 0; j < 3; j++) {
                double mj = 0;
                for (double[] row : CHANGES) {
                    mj += row[j] / t;
                }
                double s = 0;
                for (double[] row : CHANGES) {
                    s += (row[i] - mi) * (row[j] - mj);
                }
                assertEquals(s / (t - 1), e.covariance().getEntry(i, j), 1e-12);
            }
        }
        // the golden rule of the other kernel is untouched: same independent digits as SimulationKernelTests
        assertArrayEquals(new double[] {139.1000861115749, -68.34639964291455, -120.98639891348512},
                new SimulationKernel(HOLDINGS, new double[] {0.05, -0.02, 0.1}, new double[] {1.2, 2.5, 0.8}, 5, 42)
                        .simulate(0, 3));
    }

    @Test
    void theAliasTableDrawsEachDateWithItsTiltedProbability() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int n : new int[] {1, 2, 7, 750}) {
            double[] q = new double[n];
            double total = 0;
            for (int d = 0; d < n; d++) {
                q[d] = Math.exp(-3 * r.nextDouble());
                total += q[d];
            }
            for (int d = 0; d < n; d++) {
                q[d] /= total;
            }
            double[] keep = new double[n];
            int[] alias = new int[n];
            HistoricalKernel.aliasTable(q, keep, alias);
            double[] p = new double[n];
            for (int i = 0; i < n; i++) { // column i is drawn with probability 1/n
                p[i] += keep[i] / n;
                p[alias[i]] += (1 - keep[i]) / n;
            }
            for (int d = 0; d < n; d++) {
                org.junit.jupiter.api.Assertions.assertEquals(q[d], p[d], 1e-12, "date " + d + " of " + n);
            }
        }
    }
}
