package dev.sparkvar.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small, plainly valid CSV price file read on the driver, without Spark: on a cold JVM, reading, validating and
 * summarising a 1.5 MB file through Spark SQL cost seconds (the first query loads and compiles Catalyst; the CSV
 * header scan, the validation pass, the returns and the latest prices were four jobs), for work the driver does
 * in milliseconds.
 *
 * <p>Only files whose every line is unambiguous are taken: no quotes, the header's columns distinct and unpadded,
 * every row as wide as the header, a non-empty unpadded ticker, an ISO {@code yyyy-MM-dd} date that exists, a plain
 * positive decimal close, no duplicate (ticker, date). On those, Spark's reading (trim, {@code to_date},
 * cast to double) yields exactly these values. Anything else (Parquet, a file over {@link #MAX_BYTES}, a bad
 * row, a quote, a duplicate) goes to {@link PriceLoader}, whose Spark path reads it and words the error as before.
 */
public final class DriverPrices {

    /** Larger files are left to Spark, whose executors share the reading. */
    static final long MAX_BYTES = 64L << 20;
    private static final int MAX_COLUMNS = 1000;
    private static final Pattern DATE = Pattern.compile("[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,30})?");

    /** One ticker's closes in date order (dates unique). */
    public record Series(LocalDate[] dates, double[] closes) {
    }

    private final TreeMap<String, Series> series;
    private final long rowCount;

    private DriverPrices(TreeMap<String, Series> series, long rowCount) {
        this.series = series;
        this.rowCount = rowCount;
    }

    /** The file's prices, or empty when Spark must read it (see the class comment). */
    public static Optional<DriverPrices> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES || Files.size(file) == 0) {
                return Optional.empty();
            }
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) { // unreadable, not UTF-8: Spark's path says what is wrong
            return Optional.empty();
        }
    }

    static Optional<DriverPrices> parse(List<String> lines) {
        if (lines.size() < 2 || lines.get(0).indexOf('"') >= 0) {
            return Optional.empty();
        }
        String[] header = lines.get(0).split(",", -1);
        if (header.length > MAX_COLUMNS) {
            return Optional.empty();
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i];
            if (name.isEmpty() || !name.equals(name.strip())
                    || index.putIfAbsent(name.toLowerCase(Locale.ROOT), i) != null) {
                return Optional.empty();
            }
        }
        Integer t = index.get("ticker");
        Integer d = index.get("date");
        Integer c = index.get("close");
        if (t == null || d == null || c == null) {
            return Optional.empty();
        }
        Map<String, List<Object[]>> rows = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.indexOf('"') >= 0) {
                return Optional.empty();
            }
            String[] f = line.split(",", -1);
            if (f.length != header.length) {
                return Optional.empty();
            }
            String ticker = f[t];
            LocalDate date = date(f[d]);
            double close = close(f[c]);
            if (ticker.isEmpty() || !ticker.equals(ticker.strip()) || date == null || !(close > 0)
                    || !seen.add(ticker + ',' + date)) {
                return Optional.empty();
            }
            rows.computeIfAbsent(ticker, k -> new ArrayList<>()).add(new Object[] {date, close});
        }
        TreeMap<String, Series> series = new TreeMap<>();
        rows.forEach((ticker, list) -> {
            list.sort((a, b) -> ((LocalDate) a[0]).compareTo((LocalDate) b[0]));
            LocalDate[] dates = new LocalDate[list.size()];
            double[] closes = new double[list.size()];
            for (int i = 0; i < dates.length; i++) {
                dates[i] = (LocalDate) list.get(i)[0];
                closes[i] = (Double) list.get(i)[1];
            }
            series.put(ticker, new Series(dates, closes));
        });
        return Optional.of(new DriverPrices(series, lines.size() - 1L));
    }

    private static LocalDate date(String s) {
        if (!DATE.matcher(s).matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
                    Integer.parseInt(s.substring(8, 10)));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** As Spark's cast of a string to double (Double.parseDouble); NaN when not a plain decimal. */
    private static double close(String s) {
        if (!DECIMAL.matcher(s).matches()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s);
        return Double.isInfinite(v) ? Double.NaN : v;
    }

    /** Tickers in order, each with its series. */
    public TreeMap<String, Series> series() {
        return series;
    }

    /** The number of data rows (the header not counted). */
    public long rowCount() {
        return rowCount;
    }

    /** Every ticker's last close and its date. */
    public Map<String, MarketModel.LatestPrice> latestPrices() {
        TreeMap<String, MarketModel.LatestPrice> out = new TreeMap<>();
        series.forEach((ticker, s) -> out.put(ticker,
                new MarketModel.LatestPrice(s.closes()[s.closes().length - 1], s.dates()[s.dates().length - 1])));
        return out;
    }

    /**
     * The validated {@code ticker, date, close} rows as a Spark Dataset (a local relation: no file is read again),
     * for the models that need the aligned series; their results do not depend on row order or partitioning.
     */
    public Dataset<Row> toDataset(SparkSession spark) {
        List<Row> rows = new ArrayList<>((int) rowCount);
        series.forEach((ticker, s) -> {
            for (int i = 0; i < s.dates().length; i++) {
                rows.add(RowFactory.create(ticker, Date.valueOf(s.dates()[i]), s.closes()[i]));
            }
        });
        StructType schema = new StructType()
                .add("ticker", DataTypes.StringType, false)
                .add("date", DataTypes.DateType, false)
                .add("close", DataTypes.DoubleType, false);
        return spark.createDataFrame(rows, schema);
    }
}
