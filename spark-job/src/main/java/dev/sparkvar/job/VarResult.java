package dev.sparkvar.job;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sparkvar.job.model.BacktestResult;
import dev.sparkvar.job.model.ModelFigures;

/**
 * The result document (the contract documented in spark-job/README.md). Maps keyed by level use
 * {@code Double.toString(level)}, e.g. {@code "0.05"}; P&amp;L values are dollars, negative = loss.
 * The top-level figures are the first model's; {@code models} has every model's by name, and
 * {@code backtest} is null unless asked for. {@code varianceReduction} is {@code none} or {@code importance}; the
 * standard errors come from 20 independent batches (null values: fewer than 100 simulations).
 */
@JsonPropertyOrder({"portfolio", "returns", "prices", "initialValue", "simulations", "horizonDays", "seed", "levels",
        "varianceReduction", "pnl", "var", "expectedShortfall", "varStandardError", "expectedShortfallStandardError",
        "varConfidence", "histogram", "curve", "walks", "warnings", "timings",
        "tickers", "rows", "partitions", "models", "backtest"})
public record VarResult(
        Map<String, Double> portfolio,
        Map<String, MarketModel.ReturnStats> returns,
        Map<String, Price> prices,
        double initialValue,
        int simulations,
        int horizonDays,
        long seed,
        List<Double> levels,
        String varianceReduction,
        Pnl pnl,
        Map<String, Double> var,
        Map<String, Double> expectedShortfall,
        Map<String, Double> varStandardError,
        Map<String, Double> expectedShortfallStandardError,
        Map<String, double[]> varConfidence,
        RiskFigures.Histogram histogram,
        RiskFigures.Curve curve,
        List<Walk> walks,
        List<String> warnings,
        Map<String, Double> timings,
        int tickers,
        long rows,
        int partitions,
        Map<String, ModelFigures> models,
        BacktestResult backtest) {

    /** Latest close of a portfolio ticker and its ISO date. */
    public record Price(double price, String date) {
    }

    /** Mean and sample standard deviation of the simulated P&amp;L. */
    public record Pnl(double mean, double stddev) {
    }

    /**
     * One of the notebook's eleven walks, recomputed from its simulation's seed.
     *
     * @param label worst, p10 ... p90, best
     * @param simulation the simulation index
     * @param pnl its outcome
     * @param values portfolio value at the start and after each day
     */
    public record Walk(String label, int simulation, double pnl, double[] values) {
    }
}
