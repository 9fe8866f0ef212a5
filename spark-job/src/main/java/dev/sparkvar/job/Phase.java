package dev.sparkvar.job;

import java.util.Locale;

/** The job's phases in order, each with its share of the overall progress (the shares sum to 100). */
public enum Phase {
    /** Reading and validating the price file. */
    LOADING(10),
    /** Daily changes (window lag) and per-ticker mean and stddev. */
    RETURNS(20),
    /** Latest close per ticker. */
    PRICES(10),
    /** Choosing the holdings (driver only). */
    PORTFOLIO(2),
    /** The backtest of each model's one-day VaR (driver only; only when asked for). */
    BACKTESTING(4),
    /** The Monte Carlo simulations (every model in one Spark job). */
    SIMULATING(46),
    /** Sorting the outcomes, risk figures, walks, writing the result (driver only). */
    AGGREGATING(8),
    /** Finished. */
    DONE(0);

    private final double weight;

    Phase(double weight) {
        this.weight = weight;
    }

    /** The overall percent reached when this phase starts. */
    public double start() {
        double total = 0;
        for (Phase p : values()) {
            if (p == this) {
                return total;
            }
            total += p.weight;
        }
        return total;
    }

    public double weight() {
        return weight;
    }

    /** The lower-case name used in progress events and Spark's local property. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
