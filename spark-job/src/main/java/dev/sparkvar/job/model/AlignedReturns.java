package dev.sparkvar.job.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.sparkvar.job.BadInputException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The portfolio's daily changes on the dates on which <em>every</em> portfolio ticker has one: the common
 * series that the correlated and historical models and the backtest are estimated from. A date on which some
 * but not all tickers have a change is left out and counted.
 */
public final class AlignedReturns {
    private final List<String> tickers;
    private final LocalDate[] dates;
    private final double[][] changes;
    private final int leftOut;

    /**
     * @param tickers portfolio tickers, sorted (the column order of {@code changes})
     * @param dates the common dates, ascending
     * @param changes daily change in percent, one row per date, one column per ticker
     * @param leftOut dates on which only some of the tickers have a change
     */
    public AlignedReturns(List<String> tickers, LocalDate[] dates, double[][] changes, int leftOut) {
        if (dates.length != changes.length) {
            throw new IllegalArgumentException("dates and changes differ in length");
        }
        this.tickers = List.copyOf(tickers);
        this.dates = dates.clone();
        this.changes = changes;
        this.leftOut = leftOut;
    }

    /**
     * Collects the common series with Spark: the same {@code (close / lag(close) - 1) * 100} per ticker as
     * the independent model's statistics, then per date the count of changes and, where all tickers have
     * one, the (ticker, change) pairs (only those lists come to the driver; they are placed by ticker name,
     * so the list order Spark happens to produce does not matter).
     *
     * @param prices validated {@code ticker, date, close} rows
     * @param tickers the portfolio's tickers, sorted
     */
    public static AlignedReturns collect(Dataset<Row> prices, List<String> tickers) {
        WindowSpec byDate = Window.partitionBy("ticker").orderBy("date");
        int n = tickers.size();
        List<Row> rows = prices.filter(col("ticker").isin(tickers.toArray()))
                .withColumn("change", col("close").divide(lag("close", 1).over(byDate)).minus(1.0).multiply(100))
                .filter(col("change").isNotNull())
                .groupBy("date")
                .agg(count("change").as("n"), collect_list(struct("ticker", "change")).as("changes"))
                .select(col("date"), col("n"), when(col("n").equalTo(n), col("changes")).as("changes"))
                .collectAsList();
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < n; i++) {
            column.put(tickers.get(i), i);
        }
        TreeMap<LocalDate, double[]> common = new TreeMap<>();
        int leftOut = 0;
        for (Row r : rows) {
            if (r.isNullAt(2)) {
                leftOut++;
                continue;
            }
            double[] values = new double[n];
            for (Row change : r.<Row>getList(2)) {
                values[column.get(change.getString(0))] = change.getDouble(1);
            }
            common.put(r.getDate(0).toLocalDate(), values);
        }
        return new AlignedReturns(tickers, common.keySet().toArray(new LocalDate[0]),
                common.values().toArray(new double[0][]), leftOut);
    }

    public List<String> tickers() {
        return tickers;
    }

    /** Number of common dates. */
    public int size() {
        return dates.length;
    }

    public LocalDate date(int t) {
        return dates[t];
    }

    /** The changes (percent) of date {@code t}, in ticker order; do not modify. */
    public double[] changes(int t) {
        return changes[t];
    }

    /** The changes of dates {@code from} (inclusive) to {@code to}, rows shared with this series. */
    public double[][] rows(int from, int to) {
        return java.util.Arrays.copyOfRange(changes, from, to);
    }

    /** Dates on which some but not all portfolio tickers have a daily change (left out). */
    public int leftOut() {
        return leftOut;
    }

    /** Today's holdings' P&amp;L on each common date: {@code sum(holding * change / 100)}, tickers in order. */
    public double[] pnl(double[] holdings) {
        double[] out = new double[dates.length];
        for (int t = 0; t < dates.length; t++) {
            double total = 0;
            for (int i = 0; i < holdings.length; i++) {
                total += holdings[i] * changes[t][i] / 100;
            }
            out[t] = total;
        }
        return out;
    }

    /** The note for the result's warnings when dates were left out, or null. */
    public String leftOutWarning() {
        if (leftOut == 0) {
            return null;
        }
        return String.format(Locale.ROOT, "%d date(s) on which not every portfolio ticker has a daily change were"
                + " left out of the common series (%d common dates%s) that the correlated and historical models"
                + " and the backtest use", leftOut, dates.length,
                dates.length == 0 ? "" : ", " + dates[0] + " to " + dates[dates.length - 1]);
    }

    /** Bad input unless there are at least {@code needed} common dates; {@code forWhat} says who needs them. */
    public void require(int needed, String forWhat) {
        if (dates.length < needed) {
            throw new BadInputException(String.format(Locale.ROOT,
                    "Portfolio %s: its tickers have a daily change in common on %d date(s) only (%d more date(s)"
                            + " have changes for some of them); %s need(s) at least %d",
                    String.join(", ", tickers), dates.length, leftOut, forWhat, needed));
        }
    }
}
