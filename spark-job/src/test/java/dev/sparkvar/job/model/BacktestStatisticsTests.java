package dev.sparkvar.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Kupiec, Christoffersen and the traffic light against published figures and hand-worked cases. */
class BacktestStatisticsTests {

    @Test
    void kupiecMatchesMatlabsPublishedExamples() {
        // MATLAB varbacktest.pof documentation: T = 1043, 57 failures, VaR level 0.95
        assertEquals(0.46147, BacktestStatistics.kupiec(57, 1043, 0.05), 5e-6);
        assertEquals(0.49694, BacktestStatistics.pValue(BacktestStatistics.kupiec(57, 1043, 0.05)), 5e-6);
        // risk.validation.proportionOfFailuresTest([0.05, 0.01], 3, 250) (shared/reference/var.md)
        assertEquals(10.812, BacktestStatistics.kupiec(3, 250, 0.05), 5e-4);
        assertEquals(0.00101, BacktestStatistics.pValue(BacktestStatistics.kupiec(3, 250, 0.05)), 5e-6);
        assertEquals(0.0949, BacktestStatistics.kupiec(3, 250, 0.01), 5e-5);
        assertEquals(0.758, BacktestStatistics.pValue(BacktestStatistics.kupiec(3, 250, 0.01)), 5e-4);
    }

    @Test
    void kupiecEmptyCellsUseZeroLogZero() {
        // x = 0: LR = -2 T ln(1 - p); x = T: LR = -2 T ln p
        assertEquals(-2 * 250 * Math.log(0.99), BacktestStatistics.kupiec(0, 250, 0.01), 1e-12);
        assertEquals(-2 * 10 * Math.log(0.05), BacktestStatistics.kupiec(10, 10, 0.05), 1e-12);
    }

    @Test
    void kupiecNonRejectionRegionsOfTheReference() {
        // var.md: 95 % non-rejection region at p = 1 %, T = 255 is 1-6 breaches
        double cut = 3.8415;
        assertEquals(true, BacktestStatistics.kupiec(0, 255, 0.01) > cut);
        for (int x = 1; x <= 6; x++) {
            assertEquals(true, BacktestStatistics.kupiec(x, 255, 0.01) < cut, "x = " + x);
        }
        assertEquals(true, BacktestStatistics.kupiec(7, 255, 0.01) > cut);
    }

    @Test
    void christoffersenOnAHandWorkedSequence() {
        // hits 0 0 1 1 0 0 0 1 0 0: transitions n00 = 4, n01 = 2, n10 = 2, n11 = 1
        boolean[] hits = {false, false, true, true, false, false, false, true, false, false};
        double pi0 = 2.0 / 6;
        double pi1 = 1.0 / 3;
        double pi = 3.0 / 9;
        double restricted = 6 * Math.log(1 - pi) + 3 * Math.log(pi);
        double unrestricted = 4 * Math.log(1 - pi0) + 2 * Math.log(pi0) + 2 * Math.log(1 - pi1) + Math.log(pi1);
        assertEquals(-2 * (restricted - unrestricted), BacktestStatistics.christoffersen(hits), 1e-12);
        // clustered breaches are dependent: a large statistic
        boolean[] clustered = new boolean[100];
        for (int t = 40; t < 50; t++) {
            clustered[t] = true;
        }
        double lr = BacktestStatistics.christoffersen(clustered);
        assertEquals(true, lr > 30, "LR " + lr);
        assertEquals(true, BacktestStatistics.pValue(lr) < 1e-6);
        assertEquals(0.0, BacktestStatistics.christoffersen(new boolean[50]), "no breach at all");
        assertEquals(1.0, BacktestStatistics.pValue(0));
    }

    @Test
    void trafficLightIsBaselsTableAt250DaysAndOnlyAtOnePercent() {
        for (int x = 0; x <= 4; x++) {
            assertEquals("green", BacktestStatistics.trafficLight(x, 250, 0.01), "x = " + x);
        }
        for (int x = 5; x <= 9; x++) {
            assertEquals("yellow", BacktestStatistics.trafficLight(x, 250, 0.01), "x = " + x);
        }
        for (int x = 10; x <= 40; x++) {
            assertEquals("red", BacktestStatistics.trafficLight(x, 250, 0.01), "x = " + x);
        }
        assertEquals(BacktestStatistics.NOT_APPLICABLE, BacktestStatistics.trafficLight(0, 250, 0.05));
        // scaled: 500 days at 1 % expect 5 breaches; Basel's 95 % cumulative cut-off is then above 8
        assertEquals("green", BacktestStatistics.trafficLight(8, 500, 0.01));
        assertEquals("yellow", BacktestStatistics.trafficLight(9, 500, 0.01));
    }
}
