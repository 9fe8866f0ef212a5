package dev.sparkvar.job.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The result's {@code backtest} object: each model's one-day VaR forecasts against the realised P&amp;L of
 * today's holdings over the last {@code days} common dates.
 *
 * @param days backtest dates
 * @param estimationDays common dates in each forecast's estimation window (the dates just before)
 * @param firstDate first backtest date (ISO)
 * @param lastDate last backtest date (ISO)
 * @param trafficLightBasis how to read {@code trafficLight}
 * @param models per model, per level ({@code Double.toString(level)}): the statistics
 * @param series the chart: dates, realised P&amp;L, forecasts, breaches
 */
@JsonPropertyOrder({"days", "estimationDays", "firstDate", "lastDate", "trafficLightBasis", "models", "series"})
public record BacktestResult(
        int days,
        int estimationDays,
        String firstDate,
        String lastDate,
        String trafficLightBasis,
        Map<String, Map<String, BacktestStatistics>> models,
        Series series) {

    /**
     * Column-wise, one entry per backtest date.
     *
     * @param date ISO dates
     * @param pnl realised P&amp;L of today's holdings: {@code sum(holding × change / 100)}
     * @param forecast per model, per level: the VaR forecast (a P&amp;L, negative = loss)
     * @param breach per model, per level: realised P&amp;L below the forecast
     */
    @JsonPropertyOrder({"date", "pnl", "forecast", "breach"})
    public record Series(
            List<String> date,
            double[] pnl,
            Map<String, Map<String, double[]>> forecast,
            Map<String, Map<String, boolean[]>> breach) {
    }
}
