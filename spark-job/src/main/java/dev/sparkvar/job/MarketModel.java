package dev.sparkvar.job;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/** Per-ticker daily return distributions and latest prices, computed with Spark as in the notebook. */
public final class MarketModel {

    /** Mean and sample standard deviation of a ticker's daily change, in percent. */
    public record ReturnStats(double mean, double stddev) {
    }

    /** A ticker's last close and its date. */
    public record LatestPrice(double price, LocalDate date) {
    }

    /**
     * The per-ticker statistics.
     *
     * @param returns modelled tickers (at least two changes), sorted
     * @param unmodelled tickers with fewer than two daily changes, sorted
     * @param warnings human-readable notes for the result
     */
    public record Returns(TreeMap<String, ReturnStats> returns, List<String> unmodelled, List<String> warnings) {
    }

    private MarketModel() {
    }

    /**
     * {@code change = (close / lag(close) - 1) * 100} over (partition by ticker order by date), then per
     * ticker the mean and the sample stddev (the leading null skipped). Duplicate (ticker, date) rows are
     * rejected: they make the lag, and so every statistic, depend on row order.
     */
    public static Returns returns(Dataset<Row> prices, Path file) {
        WindowSpec byDate = Window.partitionBy("ticker").orderBy("date");
        Dataset<Row> changes = prices
                .withColumn("change", col("close").divide(lag("close", 1).over(byDate)).minus(1.0).multiply(100))
                .withColumn("dup", when(col("date").equalTo(lag("date", 1).over(byDate)), 1).otherwise(0));
        List<Row> rows = changes.groupBy("ticker")
                .agg(count("change").as("n"), avg("change").as("mean"), stddev_samp("change").as("stddev"),
                        sum("dup").as("dups"))
                .collectAsList();
        long dups = rows.stream().mapToLong(r -> r.getLong(4)).sum();
        if (dups > 0) {
            Row example = prices.groupBy("ticker", "date").agg(count(lit(1)).as("n"))
                    .filter(col("n").gt(1)).orderBy("ticker", "date").limit(1).collectAsList().get(0);
            throw new BadInputException(String.format(Locale.ROOT,
                    "Data file %s, columns 'ticker','date': %d duplicate (ticker, date) row(s), e.g. ticker='%s',"
                            + " date='%s' appears %d times",
                    file, dups, example.getString(0), example.get(1), example.getLong(2)));
        }
        TreeMap<String, ReturnStats> stats = new TreeMap<>();
        List<String> unmodelled = new ArrayList<>();
        for (Row r : rows) {
            String ticker = r.getString(0);
            if (r.getLong(1) < 2) {
                unmodelled.add(ticker);
            } else {
                stats.put(ticker, new ReturnStats(r.getDouble(2), r.getDouble(3)));
            }
        }
        return summary(stats, unmodelled, file);
    }

    /**
     * {@link #returns(Dataset, Path)} on prices read on the driver, with Spark's arithmetic step for step, so that
     * every mean and stddev is bit-identical (DriverPricesTests checks it against the Spark path): the changes in
     * date order, then, per ticker, Spark's partial aggregate (Average: {@code sum + change}; CentralMomentAgg's
     * one-pass update of n, avg, m2) merged into a fresh final buffer, then {@code sum / count} and
     * {@code sqrt(m2 / (n - 1))}. Duplicate dates never get here (DriverPrices leaves such files to Spark).
     */
    public static Returns returns(DriverPrices prices, Path file) {
        TreeMap<String, ReturnStats> stats = new TreeMap<>();
        List<String> unmodelled = new ArrayList<>();
        prices.series().forEach((ticker, s) -> {
            double[] close = s.closes();
            double sum = 0.0; // Average's partial buffer
            long count = 0;
            double n = 0.0; // CentralMomentAgg's partial buffer
            double avg = 0.0;
            double m2 = 0.0;
            for (int i = 1; i < close.length; i++) { // the first change is null: adds 0.0 to 0.0, counts nothing
                double change = (close[i] / close[i - 1] - 1.0) * 100;
                sum = sum + change;
                count++;
                double newN = n + 1.0;
                double delta = change - avg;
                double deltaN = delta / newN;
                avg = avg + deltaN;
                m2 = m2 + delta * (delta - deltaN);
                n = newN;
            }
            if (count < 2) {
                unmodelled.add(ticker);
                return;
            }
            // the final aggregate merges the partial buffer into its initial one (all zeros), as Spark does
            double finalSum = 0.0 + sum;
            double finalN = 0.0 + n;
            double delta = avg - 0.0;
            double deltaN = finalN == 0.0 ? 0.0 : delta / finalN;
            double finalM2 = 0.0 + m2 + delta * deltaN * 0.0 * n;
            stats.put(ticker, new ReturnStats(finalSum / (double) count, Math.sqrt(finalM2 / (finalN - 1.0))));
        });
        return summary(stats, unmodelled, file);
    }

    private static Returns summary(TreeMap<String, ReturnStats> stats, List<String> unmodelled, Path file) {
        Collections.sort(unmodelled);
        List<String> warnings = new ArrayList<>();
        if (!unmodelled.isEmpty()) {
            warnings.add(String.format(Locale.ROOT,
                    "%d ticker(s) with fewer than two daily changes cannot be modelled and were left out: %s",
                    unmodelled.size(), abbreviate(unmodelled)));
        }
        if (stats.isEmpty()) {
            throw new BadInputException("Data file " + file
                    + ": no ticker has at least three prices (two daily changes), nothing to model");
        }
        return new Returns(stats, List.copyOf(unmodelled), warnings);
    }

    /** The last close of every ticker: {@code max_by(close, date)}, deterministic because dates are unique. */
    public static Map<String, LatestPrice> latestPrices(Dataset<Row> prices) {
        TreeMap<String, LatestPrice> out = new TreeMap<>();
        for (Row r : prices.groupBy("ticker").agg(max_by(col("close"), col("date")), max("date")).collectAsList()) {
            out.put(r.getString(0), new LatestPrice(r.getDouble(1), r.getDate(2).toLocalDate()));
        }
        return out;
    }

    static String abbreviate(List<String> tickers) {
        if (tickers.size() <= 20) {
            return String.join(", ", tickers);
        }
        return String.join(", ", tickers.subList(0, 20)) + ", ... (" + (tickers.size() - 20) + " more)";
    }
}
