package dev.sparkvar.job;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batches and the merged run are exactly what sorting each of them would give, ties and signed zeros included. */
class SortedBatchesTests {

    @Test
    void theMergedRunAndEachBatchAreWhatASortGives() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {100, 101, 119, 1_000, 100_003}) {
            double[] outcomes = new double[n];
            for (int k = 0; k < n; k++) {
                // few distinct values (ties), both zeros, and the extremes
                outcomes[k] = switch (r.nextInt(6)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> Math.round(r.nextGaussian() * 3);
                    case 3 -> Double.MAX_VALUE * (r.nextBoolean() ? 1 : -1);
                    default -> r.nextGaussian() * 1e4;
                };
            }
            double[] before = outcomes.clone();
            double[][] sorted = SortedBatches.of(outcomes, 20);
            assertArrayEquals(before, outcomes, "the outcomes are not modified");
            double[] whole = outcomes.clone();
            Arrays.sort(whole);
            assertEquals(bits(whole), bits(sorted[20]), "the run, n=" + n);
            for (int b = 0; b < 20; b++) {
                double[] batch = new double[(n - b + 19) / 20];
                for (int j = 0, k = b; k < n; j++, k += 20) {
                    batch[j] = outcomes[k];
                }
                Arrays.sort(batch);
                assertEquals(bits(batch), bits(sorted[b]), "batch " + b + ", n=" + n);
            }
        }
    }

    @Test
    void figuresFromTheBatchesAreTheFiguresOfASortedRun() {
        double[] outcomes = new SplittableRandom(3).doubles(10_000, -5e4, 5e4).toArray();
        RiskFigures figures = new RiskFigures(outcomes);
        double[] sorted = outcomes.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, figures.sorted());
        StandardErrors errors = StandardErrors.of(outcomes, null, figures, List.of(0.01, 0.05));
        // the same errors as from batches sorted on their own (the figures' batches are handed over once)
        StandardErrors again = StandardErrors.of(outcomes, null, figures, List.of(0.01, 0.05));
        assertEquals(errors, again);
    }

    private static List<Long> bits(double[] values) {
        return Arrays.stream(values).mapToObj(Double::doubleToRawLongBits).toList();
    }
}
