package dev.sparkvar.job.model;

import java.io.Serializable;

/**
 * Outcomes of a range of simulations and, when they were importance sampled, each one's likelihood ratio
 * (the real density over the sampling density of its draws).
 *
 * @param outcomes final minus initial value, by simulation index
 * @param weights likelihood ratios, same order, or null for plain sampling (every weight 1)
 */
public record Paths(double[] outcomes, double[] weights) implements Serializable {
}
