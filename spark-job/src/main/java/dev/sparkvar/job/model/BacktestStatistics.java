package dev.sparkvar.job.model;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * How one model's VaR at one level fared in the backtest.
 *
 * @param breaches days whose realised P&amp;L was below the forecast VaR
 * @param expectedBreaches {@code level × days}
 * @param breachRate {@code breaches / days}
 * @param kupiecLr Kupiec's proportion-of-failures likelihood ratio
 * @param kupiecPValue its p-value, chi-square with 1 degree of freedom
 * @param christoffersenLr Christoffersen's independence likelihood ratio (breach after breach vs after none)
 * @param christoffersenPValue its p-value, chi-square with 1 degree of freedom
 * @param trafficLight Basel zone {@code green}, {@code yellow} or {@code red} at the 1 % level, else
 *                     {@code not applicable} (see {@link #trafficLight})
 */
@JsonPropertyOrder({"breaches", "expectedBreaches", "breachRate", "kupiecLr", "kupiecPValue", "christoffersenLr",
        "christoffersenPValue", "trafficLight"})
public record BacktestStatistics(
        int breaches,
        double expectedBreaches,
        double breachRate,
        double kupiecLr,
        double kupiecPValue,
        double christoffersenLr,
        double christoffersenPValue,
        String trafficLight) {

    /** The level the Basel traffic light is defined for. */
    public static final double BASEL_LEVEL = 0.01;
    /** The window the Basel table (green 0–4, yellow 5–9, red ≥ 10) is defined for. */
    public static final int BASEL_DAYS = 250;
    public static final String NOT_APPLICABLE = "not applicable";
    private static final ChiSquaredDistribution CHI2_1 = ChiSquaredDistribution.of(1);

    /** The statistics of a breach sequence ({@code hits[t]}: a breach on day t) for a VaR at {@code level}. */
    public static BacktestStatistics of(boolean[] hits, double level) {
        int days = hits.length;
        int x = 0;
        for (boolean h : hits) {
            x += h ? 1 : 0;
        }
        double pof = kupiec(x, days, level);
        double ind = christoffersen(hits);
        return new BacktestStatistics(x, level * days, (double) x / days, pof, pValue(pof), ind, pValue(ind),
                trafficLight(x, days, level));
    }

    /**
     * Kupiec's POF statistic {@code -2 [ln((1-p)^(T-x) p^x) - ln((1-x/T)^(T-x) (x/T)^x)]}, with 0·ln 0 = 0.
     */
    public static double kupiec(int breaches, int days, double level) {
        int x = breaches;
        int misses = days - x;
        double rate = (double) x / days;
        double null0 = xlog(misses, 1 - level) + xlog(x, level);
        double alt = xlog(misses, 1 - rate) + xlog(x, rate);
        return Math.max(0, -2 * (null0 - alt));
    }

    /**
     * Christoffersen's independence statistic: with n_ij the days in state j after a day in state i (1 = breach),
     * {@code -2 [ln((1-π)^(n00+n10) π^(n01+n11)) - ln((1-π0)^n00 π0^n01 (1-π1)^n10 π1^n11)]}, π0 = n01/(n00+n01),
     * π1 = n11/(n10+n11), π = (n01+n11)/(all transitions), with 0·ln 0 = 0 (an empty row contributes 0).
     */
    public static double christoffersen(boolean[] hits) {
        long n00 = 0;
        long n01 = 0;
        long n10 = 0;
        long n11 = 0;
        for (int t = 1; t < hits.length; t++) {
            if (hits[t - 1]) {
                if (hits[t]) {
                    n11++;
                } else {
                    n10++;
                }
            } else if (hits[t]) {
                n01++;
            } else {
                n00++;
            }
        }
        long total = n00 + n01 + n10 + n11;
        if (total == 0) {
            return 0;
        }
        double pi = (double) (n01 + n11) / total;
        double pi0 = n00 + n01 == 0 ? 0 : (double) n01 / (n00 + n01);
        double pi1 = n10 + n11 == 0 ? 0 : (double) n11 / (n10 + n11);
        double restricted = xlog(n00 + n10, 1 - pi) + xlog(n01 + n11, pi);
        double unrestricted = xlog(n00, 1 - pi0) + xlog(n01, pi0) + xlog(n10, 1 - pi1) + xlog(n11, pi1);
        return Math.max(0, -2 * (restricted - unrestricted));
    }

    /** Upper tail of the chi-square distribution with one degree of freedom (Commons Statistics). */
    public static double pValue(double lr) {
        return CHI2_1.survivalProbability(lr);
    }

    /**
     * The Basel traffic light, at the 1 % level only: green while the binomial probability of at most
     * {@code breaches} exceptions in {@code days} (p = 1 %) is below 95 %, red from 99.99 %, yellow between.
     * Over 250 days this is Basel's table exactly (green 0–4, yellow 5–9, red 10 or more); over other
     * windows it is the same rule scaled to them. Other levels: {@value #NOT_APPLICABLE}.
     */
    public static String trafficLight(int breaches, int days, double level) {
        if (level != BASEL_LEVEL) {
            return NOT_APPLICABLE;
        }
        double cumulative = BinomialDistribution.of(days, BASEL_LEVEL).cumulativeProbability(breaches);
        return cumulative < 0.95 ? "green" : cumulative < 0.9999 ? "yellow" : "red";
    }

    /** What the traffic light means for a backtest of {@code days}, for the result. */
    public static String trafficLightBasis(int days) {
        return days == BASEL_DAYS
                ? "Basel traffic light for the 1 % VaR over 250 days: green 0-4, yellow 5-9, red 10 or more breaches;"
                        + " not applicable to other levels"
                : String.format(Locale.ROOT, "Basel traffic light for the 1 %% VaR scaled from 250 to %d days:"
                        + " green while the binomial probability of at most that many breaches is below 95 %%,"
                        + " red from 99.99 %%, yellow between (at 250 days: 0-4, 5-9, 10 or more); not applicable"
                        + " to other levels", days);
    }

    private static double xlog(long count, double p) {
        return count == 0 ? 0 : count * Math.log(p);
    }
}
