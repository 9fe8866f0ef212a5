package dev.sparkvar.job.model;

import dev.sparkvar.jobapi.RiskModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sparkvar.job.BadInputException;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The backtest: over the last {@code days} common dates, each model's one-day VaR at each level, forecast
 * from the {@code window} common dates just before, against the realised P&amp;L of today's holdings
 * ({@code sum(holding × change / 100)}). Closed forms, no simulation: the normal models' VaR is
 * {@code μ + z_level σ} of the portfolio P&amp;L,
 * <ul>
 * <li>independent: {@code μ = Σ h m_i / 100}, {@code σ² = Σ h² s_i² / 10⁴} with each ticker's window mean
 *     and sample variance (no covariances);</li>
 * <li>correlated: {@code μ} likewise and {@code σ² = hᵀ S h / 10⁴} with the window's sample covariance
 *     {@code S}, computed as the sample variance of the window's portfolio P&amp;L, which is the same
 *     quadratic form in O(window) instead of O(window × n²);</li>
 * <li>historical: the window's sorted portfolio P&amp;L at index {@code floor(level × window)}, the job's VaR
 *     convention.</li>
 * </ul>
 * A breach is a realised P&amp;L strictly below the forecast.
 */
public final class Backtest {
    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private Backtest() {
    }

    /** Bad input unless the series holds {@code days + window} common dates. */
    public static void check(AlignedReturns aligned, int days, int window) {
        long needed = (long) days + window;
        if (needed > aligned.size()) {
            throw new BadInputException(String.format(Locale.ROOT, "--backtest-days %d plus --estimation-days %d"
                    + " need %d common dates, but the tickers of portfolio %s have a daily change in common on %d"
                    + " date(s) only", days, window, needed, String.join(", ", aligned.tickers()), aligned.size()));
        }
    }

    /** Runs the backtest (see the class comment); {@link #check} must have passed. */
    public static BacktestResult run(AlignedReturns aligned, double[] holdings, List<RiskModel> models,
            List<Double> levels, int days, int window) {
        check(aligned, days, window);
        int total = aligned.size();
        int first = total - days;
        int n = holdings.length;
        double[] pnl = aligned.pnl(holdings);
        double[][] columns = new double[n][total];
        for (int t = 0; t < total; t++) {
            double[] c = aligned.changes(t);
            for (int i = 0; i < n; i++) {
                columns[i][t] = c[i];
            }
        }
        double[] z = levels.stream().mapToDouble(STANDARD::inverseCumulativeProbability).toArray();
        double[][][] forecast = new double[models.size()][levels.size()][days];
        double[] sorted = new double[window];
        for (int d = 0; d < days; d++) {
            int t = first + d;
            int from = t - window;
            for (int m = 0; m < models.size(); m++) {
                switch (models.get(m)) {
                    case INDEPENDENT -> {
                        double mu = 0;
                        double variance = 0;
                        for (int i = 0; i < n; i++) {
                            mu += holdings[i] * StatUtils.mean(columns[i], from, window) / 100;
                            variance += holdings[i] * holdings[i] * StatUtils.variance(columns[i], from, window) / 1e4;
                        }
                        normal(forecast[m], d, z, mu, variance);
                    }
                    case CORRELATED -> normal(forecast[m], d, z, StatUtils.mean(pnl, from, window),
                            StatUtils.variance(pnl, from, window));
                    case HISTORICAL -> {
                        System.arraycopy(pnl, from, sorted, 0, window);
                        Arrays.sort(sorted);
                        for (int l = 0; l < z.length; l++) {
                            forecast[m][l][d] = sorted[Math.min(window - 1, (int) Math.floor(levels.get(l) * window))];
                        }
                    }
                    default -> throw new IllegalStateException(models.get(m).toString());
                }
            }
        }
        double[] realised = Arrays.copyOfRange(pnl, first, total);
        List<String> dates = new ArrayList<>(days);
        for (int t = first; t < total; t++) {
            dates.add(aligned.date(t).toString());
        }
        Map<String, Map<String, BacktestStatistics>> statistics = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> forecasts = new LinkedHashMap<>();
        Map<String, Map<String, boolean[]>> breaches = new LinkedHashMap<>();
        for (int m = 0; m < models.size(); m++) {
            Map<String, BacktestStatistics> byLevel = new LinkedHashMap<>();
            Map<String, double[]> forecastByLevel = new LinkedHashMap<>();
            Map<String, boolean[]> breachByLevel = new LinkedHashMap<>();
            for (int l = 0; l < levels.size(); l++) {
                String key = Double.toString(levels.get(l));
                boolean[] hits = new boolean[days];
                for (int d = 0; d < days; d++) {
                    hits[d] = realised[d] < forecast[m][l][d];
                }
                byLevel.put(key, BacktestStatistics.of(hits, levels.get(l)));
                forecastByLevel.put(key, forecast[m][l]);
                breachByLevel.put(key, hits);
            }
            statistics.put(models.get(m).key(), byLevel);
            forecasts.put(models.get(m).key(), forecastByLevel);
            breaches.put(models.get(m).key(), breachByLevel);
        }
        return new BacktestResult(days, window, dates.get(0), dates.get(days - 1),
                BacktestStatistics.trafficLightBasis(days), statistics,
                new BacktestResult.Series(dates, realised, forecasts, breaches));
    }

    private static void normal(double[][] out, int d, double[] z, double mu, double variance) {
        double sigma = Math.sqrt(Math.max(0, variance));
        for (int l = 0; l < z.length; l++) {
            out[l][d] = mu + z[l] * sigma;
        }
    }
}
