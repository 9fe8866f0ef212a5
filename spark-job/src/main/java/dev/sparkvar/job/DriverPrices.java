package dev.sparkvar.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        int width = header.length;
        Map<String, Rows> rows = new HashMap<>();
        int[] at = new int[width + 1]; // where each field starts (plus one past the line's end)
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.indexOf('"') >= 0 || !split(line, at, width)) {
                return Optional.empty();
            }
            String ticker = line.substring(at[t], at[t + 1] - 1);
            long day = epochDay(line, at[d], at[d + 1] - 1);
            double close = close(line, at[c], at[c + 1] - 1);
            if (ticker.isEmpty() || !ticker.equals(ticker.strip()) || day == Long.MIN_VALUE || !(close > 0)) {
                return Optional.empty();
            }
            rows.computeIfAbsent(ticker, k -> new Rows()).add(day, close);
        }
        TreeMap<String, Series> series = new TreeMap<>();
        for (Map.Entry<String, Rows> e : rows.entrySet()) {
            Series one = e.getValue().sorted();
            if (one == null) { // a duplicate (ticker, date): Spark's path names it
                return Optional.empty();
            }
            series.put(e.getKey(), one);
        }
        return Optional.of(new DriverPrices(series, lines.size() - 1L));
    }

    /** Fills {@code at} with the start of each of the line's {@code width} fields; false if it has another width. */
    private static boolean split(String line, int[] at, int width) {
        int field = 0;
        at[0] = 0;
        for (int i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) {
            if (++field >= width) {
                return false;
            }
            at[field] = i + 1;
        }
        at[width] = line.length() + 1;
        return field == width - 1;
    }

    /** An ISO {@code yyyy-MM-dd} date (year 1000 on) that exists, as an epoch day; Long.MIN_VALUE otherwise. */
    private static long epochDay(String s, int from, int to) {
        if (to - from != 10 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-' || s.charAt(from) == '0') {
            return Long.MIN_VALUE;
        }
        int year = digits(s, from, from + 4);
        int month = digits(s, from + 5, from + 7);
        int day = digits(s, from + 8, from + 10);
        if (year < 0 || month < 0 || day < 0) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /**
     * A plain decimal ({@code 123} or {@code 123.45}, at most 30 digits either side) as Spark's cast of a string
     * to double reads it (Double.parseDouble); NaN for anything else or an infinite value.
     */
    private static double close(String s, int from, int to) {
        int dot = -1;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch == '.' && dot < 0 && i > from) {
                dot = i;
            } else if (ch < '0' || ch > '9') {
                return Double.NaN;
            }
        }
        int whole = (dot < 0 ? to : dot) - from;
        int fraction = dot < 0 ? 0 : to - dot - 1;
        if (whole < 1 || whole > 30 || (dot >= 0 && (fraction < 1 || fraction > 30))) {
            return Double.NaN;
        }
        double v = Double.parseDouble(s.substring(from, to));
        return Double.isInfinite(v) ? Double.NaN : v;
    }

    /** One ticker's rows as read, before sorting. */
    private static final class Rows {
        private long[] days = new long[256];
        private double[] closes = new double[256];
        private int size;

        void add(long day, double close) {
            if (size == days.length) {
                days = Arrays.copyOf(days, size * 2);
                closes = Arrays.copyOf(closes, size * 2);
            }
            days[size] = day;
            closes[size] = close;
            size++;
        }

        /** In date order, or null when a date repeats. */
        Series sorted() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(days[a], days[b]));
            LocalDate[] dates = new LocalDate[size];
            double[] sortedCloses = new double[size];
            for (int i = 0; i < size; i++) {
                if (i > 0 && days[order[i]] == days[order[i - 1]]) {
                    return null;
                }
                dates[i] = LocalDate.ofEpochDay(days[order[i]]);
                sortedCloses[i] = closes[order[i]];
            }
            return new Series(dates, sortedCloses);
        }
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
