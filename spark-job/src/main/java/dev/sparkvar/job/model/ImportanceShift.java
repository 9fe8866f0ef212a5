package dev.sparkvar.job.model;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The mean shift of importance sampling for the normal models (spark-job/README.md, "Importance sampling").
 *
 * <p>Over a horizon of {@code D} days the linearised P&amp;L is {@code c + Σ_d b·z_d}, with {@code b} the
 * gradient of one day's P&amp;L in that day's standard normals; in the whitened space of all {@code D·m}
 * normals it is {@code c + |b|√D (u·Z)} with {@code u·Z ~ N(0, 1)}. Drawing {@code Z} from {@code N(θ, I)} with
 * {@code θ = z_α u}, the shifted mean sits at the level's quantile of the linearised P&amp;L, so about half the
 * paths land in the tail instead of a fraction α (Glasserman, Heidelberger and Shahabuddin 2000, §2). Each
 * day's draws get the same shift {@code z_α b / (|b|√D)}; a path's likelihood ratio is
 * {@code exp(-θ·ε - |θ|²/2)}, {@code ε} its unshifted draws, {@code |θ|² = z_α²}.
 */
public final class ImportanceShift {

    private ImportanceShift() {
    }

    /** The standard normal quantile {@code z_α} (negative for α below one half). */
    public static double quantile(double level) {
        return NormalDistribution.of(0, 1).inverseCumulativeProbability(level);
    }

    /**
     * One day's shift of the normals: {@code z_α b / (|b|√D)}; all zeros when the P&amp;L does not depend on
     * the draws ({@code b = 0}: nothing at risk, nothing to shift towards).
     *
     * @param gradient {@code b}, the P&amp;L's gradient in one day's normals
     */
    public static double[] perDay(double[] gradient, int days, double level) {
        double norm = 0;
        for (double g : gradient) {
            norm += g * g;
        }
        norm = Math.sqrt(norm);
        double[] shift = new double[gradient.length];
        if (norm == 0) {
            return shift;
        }
        double scale = quantile(level) / (norm * Math.sqrt(days));
        for (int i = 0; i < shift.length; i++) {
            shift[i] = gradient[i] * scale;
        }
        return shift;
    }

    /** {@code |θ|²/2} over the horizon: {@code D·|shift|²/2}. */
    public static double halfSquaredNorm(double[] perDay, int days) {
        double s = 0;
        for (double v : perDay) {
            s += v * v;
        }
        return days * s / 2;
    }
}
