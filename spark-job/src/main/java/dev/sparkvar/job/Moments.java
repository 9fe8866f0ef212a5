package dev.sparkvar.job;

/**
 * Mean and standard deviation of the outcomes, plain or weighted by likelihood ratios (importance sampling),
 * always summed in simulation-index order so that they do not depend on the partitioning.
 */
public final class Moments {

    private Moments() {
    }

    /** Weighted mean {@code Σ w x / Σ w} (the plain mean without weights), summed in simulation-index order. */
    public static double mean(double[] outcomes, double[] weights) {
        if (weights == null) {
            return mean(outcomes);
        }
        double total = 0;
        double w = 0;
        for (int k = 0; k < outcomes.length; k++) {
            total += weights[k] * outcomes[k];
            w += weights[k];
        }
        return total / w;
    }

    /** Weighted standard deviation, with the sample correction {@code n/(n-1)}; plain without weights. */
    public static double stddev(double[] outcomes, double[] weights) {
        if (weights == null) {
            return stddev(outcomes);
        }
        if (outcomes.length < 2) {
            return 0;
        }
        double m = mean(outcomes, weights);
        double ss = 0;
        double w = 0;
        for (int k = 0; k < outcomes.length; k++) {
            ss += weights[k] * (outcomes[k] - m) * (outcomes[k] - m);
            w += weights[k];
        }
        return Math.sqrt(ss / w * outcomes.length / (outcomes.length - 1));
    }

    /** Mean of the outcomes, summed in simulation-index order so it does not depend on partitioning. */
    public static double mean(double[] outcomes) {
        double total = 0;
        for (double v : outcomes) {
            total += v;
        }
        return total / outcomes.length;
    }

    /** Sample standard deviation (two-pass; 0 for a single outcome). */
    public static double stddev(double[] outcomes) {
        if (outcomes.length < 2) {
            return 0;
        }
        double m = mean(outcomes);
        double ss = 0;
        for (double v : outcomes) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (outcomes.length - 1));
    }
}
