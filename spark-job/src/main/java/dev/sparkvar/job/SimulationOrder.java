package dev.sparkvar.job;

/**
 * Where each simulation lands in the sorted outcomes: the order is (P&amp;L, simulation index), so ties are ordered
 * the same whatever the partitioning, like the notebook's sort of (value, seed) pairs.
 */
public final class SimulationOrder {

    private SimulationOrder() {
    }

    /**
     * The simulation index holding the outcome at 0-based sorted {@code rank}; ties are ordered by index,
     * like the notebook's sort of (value, seed) pairs.
     */
    public static int simulationAtRank(double[] outcomes, double[] sorted, int rank) {
        double value = sorted[rank];
        int first = rank;
        while (first > 0 && Double.compare(sorted[first - 1], value) == 0) {
            first--;
        }
        int skip = rank - first;
        for (int k = 0; k < outcomes.length; k++) {
            if (Double.compare(outcomes[k], value) == 0 && skip-- == 0) {
                return k;
            }
        }
        throw new IllegalStateException("rank " + rank + " not found");
    }

    /**
     * A stable merge sort of the simulation indexes by outcome: the order is (P&amp;L, index), whatever order
     * the outcomes arrived in, so every sum over the sorted outcomes is the same for any partitioning. The values
     * move with their indexes (no indirection in the comparisons); runs of 32 are insertion-sorted first.
     */
    static int[] sortedOrder(double[] outcomes) {
        int n = outcomes.length;
        double[] v = outcomes.clone();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) {
            int hi = Math.min(lo + run, n);
            for (int i = lo + 1; i < hi; i++) {
                double x = v[i];
                int ix = a[i];
                int j = i - 1;
                while (j >= lo && Double.compare(v[j], x) > 0) { // strictly greater: equal values keep index order
                    v[j + 1] = v[j];
                    a[j + 1] = a[j];
                    j--;
                }
                v[j + 1] = x;
                a[j + 1] = ix;
            }
        }
        double[] v2 = new double[n];
        int[] b = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    if (Double.compare(v[j], v[i]) < 0) {
                        v2[o] = v[j];
                        b[o++] = a[j++];
                    } else {
                        v2[o] = v[i];
                        b[o++] = a[i++];
                    }
                }
                while (i < mid) {
                    v2[o] = v[i];
                    b[o++] = a[i++];
                }
                while (j < hi) {
                    v2[o] = v[j];
                    b[o++] = a[j++];
                }
            }
            double[] tv = v;
            v = v2;
            v2 = tv;
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
