package dev.sparkvar.job.model;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.VarianceReduction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sparkvar.job.JobArgs;
import dev.sparkvar.job.RiskFigures;
import dev.sparkvar.job.SimulationKernel;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The models a run asked for, set up side by side from the same data and seed: one kernel each, the common
 * series they (and the backtest) share, what each assumed, and the warnings for the result.
 */
public final class ModelSet {
    private final List<RiskModel> models;
    private final List<PathKernel> kernels;
    private final List<ModelFigures.Setup> setups;
    private final AlignedReturns aligned;
    private final List<String> warnings;

    private ModelSet(List<RiskModel> models, List<PathKernel> kernels, List<ModelFigures.Setup> setups,
            AlignedReturns aligned, List<String> warnings) {
        this.models = List.copyOf(models);
        this.kernels = List.copyOf(kernels);
        this.setups = List.copyOf(setups);
        this.aligned = aligned;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Sets up {@code args.models()}. The common series is collected (one Spark job) only when a model or the
     * backtest needs it; too few common dates for them is bad input, checked here, before any simulation.
     *
     * @param prices validated prices
     * @param tickers portfolio tickers, sorted
     * @param holdings dollars per ticker, same order
     * @param independent today's kernel, used as the independent model's
     */
    public static ModelSet build(Dataset<Row> prices, JobArgs args, List<String> tickers, double[] holdings,
            SimulationKernel independent) {
        List<RiskModel> models = args.models().stream().map(RiskModel::of).toList();
        boolean needsSeries = models.contains(RiskModel.CORRELATED) || models.contains(RiskModel.HISTORICAL)
                || args.backtestDays() > 0;
        AlignedReturns aligned = needsSeries ? AlignedReturns.collect(prices, tickers) : null;
        List<String> warnings = new ArrayList<>();
        if (aligned != null) {
            if (models.contains(RiskModel.CORRELATED)) {
                aligned.require(2, "the correlated model (a sample covariance)");
            }
            if (models.contains(RiskModel.HISTORICAL)) {
                aligned.require(1, "the historical model");
            }
            if (args.backtestDays() > 0) {
                Backtest.check(aligned, args.backtestDays(), args.estimationDays());
            }
            if (aligned.leftOutWarning() != null) {
                warnings.add(aligned.leftOutWarning());
            }
        }
        List<PathKernel> kernels = new ArrayList<>();
        List<ModelFigures.Setup> setups = new ArrayList<>();
        boolean importance = VarianceReduction.IMPORTANCE.key().equals(args.varianceReduction());
        // one sampling law per model, so one level to aim at: the smallest, the one plain sampling serves worst
        double aim = args.levels().stream().mapToDouble(Double::doubleValue).min().orElse(0.05);
        for (RiskModel model : models) {
            long seed = ModelStreams.seed(model, args.seed());
            switch (model) {
                case INDEPENDENT -> {
                    List<String> notes = new ArrayList<>(List.of("each ticker's daily change drawn"
                            + " from a normal with the mean and sample stddev of all its own daily changes;"
                            + " tickers independent (the notebook's model)"));
                    if (importance) {
                        kernels.add(independent.importance(aim));
                        notes.add(shiftNote(aim));
                    } else {
                        kernels.add(independent);
                    }
                    setups.add(new ModelFigures.Setup(null, null, null, notes));
                }
                case CORRELATED -> {
                    CorrelatedKernel.Estimate estimate = CorrelatedKernel.Estimate.of(aligned.rows(0, aligned.size()));
                    CovarianceFactor factor = CovarianceFactor.of(estimate.covariance());
                    CorrelatedKernel kernel =
                            new CorrelatedKernel(holdings, estimate.means(), factor, args.horizonDays(), seed);
                    kernels.add(importance ? kernel.importance(aim) : kernel);
                    List<String> notes = new ArrayList<>();
                    notes.add(String.format(Locale.ROOT, "daily changes multivariate normal with the mean vector and"
                            + " sample covariance (n-1) over %s", span(aligned)));
                    notes.add(factor.describe());
                    if (factor.kind() == CovarianceFactor.Kind.EIGEN) {
                        String why = notPositiveDefinite(tickers, estimate.covariance());
                        notes.add(why);
                        warnings.add(String.format(Locale.ROOT, "correlated model: the covariance of the %d portfolio"
                                + " tickers is not positive definite (%s); sampled through its eigen-decomposition"
                                + " with rank %d", tickers.size(), why, factor.rank()));
                    }
                    if (importance) {
                        notes.add(shiftNote(aim));
                    }
                    setups.add(new ModelFigures.Setup(aligned.size(), factor.kind().name().toLowerCase(Locale.ROOT),
                            factor.rank(), notes));
                }
                case HISTORICAL -> {
                    HistoricalKernel kernel = new HistoricalKernel(holdings, aligned.rows(0, aligned.size()),
                            args.horizonDays(), seed);
                    List<String> notes = new ArrayList<>(List.of(String.format(Locale.ROOT,
                            "each simulated day replays the daily changes of one of %s, drawn uniformly with"
                                    + " replacement; days independent of each other", span(aligned))));
                    if (importance) {
                        kernel = kernel.importance(aim);
                        notes.add(String.format(Locale.ROOT, "importance sampling for the %s level (the smallest"
                                + " asked): dates drawn with probability proportional to exp(-t x one-day P&L),"
                                + " t = %.6g per dollar, mixed with %.0f %% of the uniform draw; each path weighted"
                                + " by its likelihood ratio, the product over its days of (1/N)/q(date)", aim,
                                kernel.tilt(), HistoricalKernel.DEFENSIVE_SHARE * 100));
                    }
                    kernels.add(kernel);
                    setups.add(new ModelFigures.Setup(aligned.size(), null, null, notes));
                }
                default -> throw new IllegalStateException(model.toString());
            }
        }
        return new ModelSet(models, kernels, setups, aligned, warnings);
    }

    private static String shiftNote(double level) {
        return String.format(Locale.ROOT, "importance sampling for the %s level (the smallest asked): the standard"
                + " normals shifted by z = %.4f along the portfolio's loss direction (the shifted mean at that"
                + " quantile of the linearised P&L), spread over the days; each path weighted by its likelihood"
                + " ratio exp(-theta.eps - |theta|^2/2)", level, ImportanceShift.quantile(level));
    }

    private static String span(AlignedReturns aligned) {
        return String.format(Locale.ROOT, "%d common dates (%s to %s)", aligned.size(), aligned.date(0),
                aligned.date(aligned.size() - 1));
    }

    /** Names the cause: constant prices (zero variance) and perfectly correlated pairs, when there are any. */
    static String notPositiveDefinite(List<String> tickers, RealMatrix sigma) {
        List<String> constant = new ArrayList<>();
        List<String> pairs = new ArrayList<>();
        int n = tickers.size();
        for (int i = 0; i < n; i++) {
            if (sigma.getEntry(i, i) == 0) {
                constant.add(tickers.get(i));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double vi = sigma.getEntry(i, i);
                double vj = sigma.getEntry(j, j);
                if (vi > 0 && vj > 0 && Math.abs(sigma.getEntry(i, j)) / Math.sqrt(vi * vj) > 1 - 1e-9) {
                    pairs.add(tickers.get(i) + "/" + tickers.get(j));
                }
            }
        }
        List<String> causes = new ArrayList<>();
        if (!constant.isEmpty()) {
            causes.add("constant price over the common dates: " + String.join(", ", constant));
        }
        if (!pairs.isEmpty()) {
            causes.add("perfectly correlated: " + String.join(", ", pairs.subList(0, Math.min(10, pairs.size())))
                    + (pairs.size() > 10 ? " ..." : ""));
        }
        if (causes.isEmpty()) {
            causes.add("linearly dependent tickers or fewer common dates than tickers");
        }
        return String.join("; ", causes);
    }

    public List<RiskModel> models() {
        return models;
    }

    /** One kernel per model, in the order asked for. */
    public List<PathKernel> kernels() {
        return kernels;
    }

    /** The first model's kernel: its outcomes fill the result's top-level figures and walks. */
    public PathKernel first() {
        return kernels.get(0);
    }

    /** The common series, or null when no model and no backtest needed it. */
    public AlignedReturns aligned() {
        return aligned;
    }

    public List<String> warnings() {
        return warnings;
    }

    /**
     * The result's {@code models} object.
     *
     * @param paths per model, in order: outcomes and likelihood ratios (null for plain sampling)
     * @param first the first model's figures (already computed for the top-level fields)
     * @param edges the first model's histogram edges
     */
    public Map<String, ModelFigures> figures(Paths[] paths, RiskFigures first, double[] edges, List<Double> levels) {
        Map<String, ModelFigures> out = new LinkedHashMap<>();
        for (int m = 0; m < models.size(); m++) {
            RiskFigures figures = m == 0 ? first : new RiskFigures(paths[m].outcomes(), paths[m].weights());
            out.put(models.get(m).key(), ModelFigures.of(figures, paths[m].outcomes(), paths[m].weights(), levels,
                    edges, setups.get(m)));
        }
        return out;
    }
}
