package dev.sparkvar.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.sparkvar.job.model.Backtest;
import dev.sparkvar.job.model.BacktestResult;
import dev.sparkvar.job.model.ModelFigures;
import dev.sparkvar.job.model.ModelSet;
import dev.sparkvar.job.model.PathKernel;
import dev.sparkvar.job.model.Paths;
import dev.sparkvar.jobapi.RiskModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The notebook's analysis, phase by phase, on a given Spark session. */
public final class VarAnalysis {
    private static final int CURVE_POINTS = 1000;
    private static final String[] WALK_LABELS = {
        "worst", "p10", "p20", "p30", "p40", "p50", "p60", "p70", "p80", "p90", "best"};

    private VarAnalysis() {
    }

    /** Runs every phase and returns the result; {@code progress} is told each phase as it starts. */
    public static VarResult run(SparkSession spark, JobArgs args, ProgressTracker progress) {
        Map<String, Double> timings = new LinkedHashMap<>();
        long start = System.nanoTime();
        long[] mark = {start};

        progress.enter(Phase.LOADING);
        // A small plain CSV is read and summarised on the driver (DriverPrices: no Spark SQL query, so none of its
        // cold-start cost); anything else through Spark as before. Same figures either way.
        DriverPrices small = DriverPrices.read(args.data()).orElse(null);
        PriceLoader.Prices loaded = null;
        if (small == null) {
            sqlSettings(spark);
            loaded = PriceLoader.load(spark, args.data());
        }
        Dataset<Row> prices = loaded == null ? null : loaded.rows();
        long rowCount = loaded == null ? small.rowCount() : loaded.rowCount();
        try {
            timings.put("loading", seconds(mark));

            progress.enter(Phase.RETURNS);
            MarketModel.Returns returns = small != null ? MarketModel.returns(small, args.data())
                    : MarketModel.returns(prices, args.data());
            timings.put("returns", seconds(mark));

            progress.enter(Phase.PRICES);
            Map<String, MarketModel.LatestPrice> latest = small != null ? small.latestPrices()
                    : MarketModel.latestPrices(prices);
            timings.put("prices", seconds(mark));

            progress.enter(Phase.PORTFOLIO);
            TreeMap<String, Double> portfolio = args.holdings() != null
                    ? Portfolio.fromFile(args.holdings(), returns.returns().keySet(), latest.keySet())
                    : Portfolio.random(new ArrayList<>(returns.returns().keySet()), latest, args.sampleFraction(),
                            args.seed());
            int assets = portfolio.size();
            double[] holdings = new double[assets];
            double[] means = new double[assets];
            double[] stddevs = new double[assets];
            int i = 0;
            Map<String, MarketModel.ReturnStats> portfolioReturns = new LinkedHashMap<>();
            Map<String, VarResult.Price> portfolioPrices = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : portfolio.entrySet()) { // sorted tickers
                MarketModel.ReturnStats s = returns.returns().get(e.getKey());
                holdings[i] = e.getValue();
                means[i] = s.mean();
                stddevs[i] = s.stddev();
                portfolioReturns.put(e.getKey(), s);
                MarketModel.LatestPrice p = latest.get(e.getKey());
                portfolioPrices.put(e.getKey(), new VarResult.Price(p.price(), p.date().toString()));
                i++;
            }
            SimulationKernel independent =
                    new SimulationKernel(holdings, means, stddevs, args.horizonDays(), args.seed());
            Dataset<Row> series = prices;
            if (series == null && needsSeries(args)) {
                sqlSettings(spark);
                series = small.toDataset(spark);
            }
            ModelSet models = ModelSet.build(series, args, List.copyOf(portfolio.keySet()), holdings, independent);
            PathKernel kernel = models.first();
            timings.put("portfolio", seconds(mark));

            BacktestResult backtest = null;
            if (args.backtestDays() > 0) {
                progress.enter(Phase.BACKTESTING);
                backtest = Backtest.run(models.aligned(), holdings, models.models(), args.levels(), args.backtestDays(),
                        args.estimationDays());
                timings.put("backtesting", seconds(mark));
            }

            progress.enter(Phase.SIMULATING);
            int partitions = args.partitions() != null ? Math.min(args.partitions(), args.simulations())
                    : SimulationRunner.defaultPartitions(spark, args.simulations());
            Paths[] allPaths = SimulationRunner.paths(spark, models.kernels(), args.simulations(), partitions);
            double[] outcomes = allPaths[0].outcomes();
            double[] weights = allPaths[0].weights();
            timings.put("simulating", seconds(mark));

            progress.enter(Phase.AGGREGATING);
            RiskFigures figures = new RiskFigures(outcomes, weights);
            Map<String, Double> var = new LinkedHashMap<>();
            Map<String, Double> es = new LinkedHashMap<>();
            Map<String, double[]> ci = new LinkedHashMap<>();
            for (double level : args.levels()) {
                String key = Double.toString(level);
                var.put(key, figures.valueAtRisk(level));
                es.put(key, figures.expectedShortfall(level));
                ci.put(key, figures.confidenceInterval(level));
            }
            List<VarResult.Walk> walks = new ArrayList<>();
            int n = outcomes.length;
            for (int w = 0; w < WALK_LABELS.length; w++) {
                // the notebook's int((len - 1) * i / 10); importance sampled, the weighted deciles
                int rank = figures.walkRank(w / 10.0);
                int k = figures.simulationAt(outcomes, rank);
                walks.add(new VarResult.Walk(WALK_LABELS[w], k, outcomes[k], kernel.walk(k)));
            }
            List<String> warnings = new ArrayList<>(returns.warnings());
            warnings.addAll(models.warnings());
            for (Map.Entry<String, MarketModel.ReturnStats> e : portfolioReturns.entrySet()) {
                if (e.getValue().stddev() == 0) {
                    warnings.add(String.format(Locale.ROOT,
                            "%s has a constant price (stddev 0): it carries no risk in the simulation", e.getKey()));
                }
            }
            RiskFigures.Histogram histogram = figures.histogram(args.bins());
            Map<String, ModelFigures> byModel = models.figures(allPaths, figures, histogram.edges(), args.levels());
            ModelFigures top = byModel.values().iterator().next();
            timings.put("aggregating", seconds(mark));
            timings.put("total", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
            return new VarResult(portfolio, portfolioReturns, portfolioPrices, kernel.initialValue(),
                    args.simulations(), args.horizonDays(), args.seed(), args.levels(),
                    args.varianceReduction(), top.pnl(), var, es, top.varStandardError(),
                    top.expectedShortfallStandardError(), ci,
                    histogram, figures.curve(CURVE_POINTS), walks, warnings, timings,
                    returns.returns().size(), rowCount, partitions, byModel, backtest);
        } finally {
            if (prices != null) {
                prices.unpersist(false);
            }
        }
    }

    /** Spark SQL's settings for our queries, set only when one runs (the first touch builds the session state). */
    private static void sqlSettings(SparkSession spark) {
        // ISO dates must parse strictly or become null (reported as bad input), never throw
        spark.conf().set("spark.sql.legacy.timeParserPolicy", "CORRECTED");
        spark.conf().set("spark.sql.ansi.enabled", "false"); // bad values become nulls we report, not exceptions
    }

    /**
     * Whether ModelSet.build reads the price series (its own rule: a correlated or historical model, or a
     * backtest); only then are the driver's prices handed to Spark as a Dataset.
     */
    private static boolean needsSeries(JobArgs args) {
        return args.backtestDays() > 0 || args.models().stream().map(RiskModel::of)
                .anyMatch(m -> m == RiskModel.CORRELATED || m == RiskModel.HISTORICAL);
    }

    private static double seconds(long[] mark) {
        long now = System.nanoTime();
        double s = (now - mark[0]) / 1e9;
        mark[0] = now;
        return Math.round(s * 1000) / 1000.0;
    }
}
