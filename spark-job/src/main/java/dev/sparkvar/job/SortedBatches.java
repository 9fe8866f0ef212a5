package dev.sparkvar.job;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Plain outcomes sorted twice over for the price of about one sort: {@link StandardErrors}' batches (simulation
 * {@code k} in batch {@code k mod BATCHES}), each sorted, and the whole run merged from them. Why: at 10⁷ paths the
 * aggregating phase was mostly sorting (JFR: 83 % of its samples), once for the run and again for the 20 batches;
 * here the batches sort on every core (a parallel stream also works on the caller's thread, so a 2-core driver
 * sorts on two) and the run is a merge. A sorted array of doubles is the same whichever way it was made, so every
 * figure keeps its digits.
 */
final class SortedBatches {

    private SortedBatches() {
    }

    /**
     * @param outcomes P&amp;L per simulation, in simulation-index order (not modified)
     * @return the batches, each sorted, then the whole run sorted (as the last element)
     */
    static double[][] of(double[] outcomes, int batches) {
        int n = outcomes.length;
        double[][] out = new double[batches + 1][];
        IntStream.range(0, batches).parallel().forEach(b -> {
            double[] x = new double[(n - b + batches - 1) / batches];
            for (int j = 0, k = b; k < n; j++, k += batches) {
                x[j] = outcomes[k];
            }
            Arrays.sort(x);
            out[b] = x;
        });
        out[batches] = merged(Arrays.copyOf(out, batches), n);
        return out;
    }

    /** The sorted arrays merged pairwise, round after round, into one sorted array of length {@code n}. */
    private static double[] merged(double[][] runs, int n) {
        double[][] level = runs;
        while (level.length > 1) {
            double[][] next = new double[(level.length + 1) / 2][];
            double[][] from = level;
            IntStream.range(0, next.length).parallel().forEach(i -> next[i] = 2 * i + 1 < from.length
                    ? merge(from[2 * i], from[2 * i + 1]) : from[2 * i]);
            level = next;
        }
        if (level[0].length != n) {
            throw new IllegalStateException("merged " + level[0].length + " outcomes of " + n);
        }
        return level[0] == runs[0] ? level[0].clone() : level[0];
    }

    /** Two sorted arrays as one, in {@link Double#compare} order (as {@link Arrays#sort(double[])}: -0.0 first). */
    static double[] merge(double[] a, double[] b) {
        double[] out = new double[a.length + b.length];
        int i = 0;
        int j = 0;
        int o = 0;
        while (i < a.length && j < b.length) {
            out[o++] = Double.compare(a[i], b[j]) <= 0 ? a[i++] : b[j++];
        }
        System.arraycopy(a, i, out, o, a.length - i);
        System.arraycopy(b, j, out, o + a.length - i, b.length - j);
        return out;
    }
}
