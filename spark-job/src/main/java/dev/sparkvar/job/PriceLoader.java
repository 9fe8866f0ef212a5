package dev.sparkvar.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads WikiEOD-layout prices (CSV with header, or Parquet file/folder), keeps {@code ticker, date, close}
 * (header names case-insensitive, other columns ignored) and rejects bad rows with a message naming the
 * file, the column and an example row.
 */
public final class PriceLoader {

    /** The validated prices (persisted: unpersist when done) and the number of input rows. */
    public record Prices(Dataset<Row> rows, long rowCount) {
    }

    private PriceLoader() {
    }

    /** Loads and validates; runs one aggregation job (plus one more only to fetch an example bad row). */
    public static Prices load(SparkSession spark, Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException("Data file not found: " + file);
        }
        if (Files.isRegularFile(file) && sizeOf(file) == 0) {
            throw new BadInputException("Data file " + file + " is empty (no header, no rows)");
        }
        Dataset<Row> raw = read(spark, file);
        Map<String, String> names = new HashMap<>();
        for (String c : raw.columns()) {
            names.putIfAbsent(c.strip().toLowerCase(Locale.ROOT), c);
        }
        for (String required : new String[] {"ticker", "date", "close"}) {
            if (!names.containsKey(required)) {
                throw new BadInputException("Data file " + file + ": missing required column '" + required
                        + "' (columns found: " + String.join(", ", raw.columns()) + ")");
            }
        }
        Column tickerRaw = raw.col(quote(names.get("ticker")));
        Column dateRaw = raw.col(quote(names.get("date")));
        Column closeRaw = raw.col(quote(names.get("close")));
        DataType dateType = raw.schema().apply(names.get("date")).dataType();
        DataType closeType = raw.schema().apply(names.get("close")).dataType();

        Column ticker = trim(tickerRaw.cast(DataTypes.StringType));
        Column date = dateType instanceof StringType ? to_date(trim(dateRaw), "yyyy-MM-dd")
                : dateRaw.cast(DataTypes.DateType);
        Column close = closeType instanceof StringType ? trim(closeRaw).cast(DataTypes.DoubleType)
                : closeRaw.cast(DataTypes.DoubleType);

        Dataset<Row> typed = raw.select(
                ticker.as("ticker"), date.as("date"), close.as("close"),
                tickerRaw.cast(DataTypes.StringType).as("ticker_raw"),
                dateRaw.cast(DataTypes.StringType).as("date_raw"),
                closeRaw.cast(DataTypes.StringType).as("close_raw"));

        Column badTicker = col("ticker").isNull().or(col("ticker").equalTo(""));
        Column badDate = col("date").isNull();
        Column nonNumeric = col("close").isNull().or(col("close").isNaN());
        Column nonPositive = col("close").leq(0).or(col("close").equalTo(Double.POSITIVE_INFINITY));
        // the validation pass also fills the cache that the returns and prices phases read
        Dataset<Row> clean = typed.select("ticker", "date", "close").persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Row counts = clean.agg(
                    count(lit(1)).as("rows"),
                    sum(when(badTicker, 1).otherwise(0)).as("badTicker"),
                    sum(when(badDate, 1).otherwise(0)).as("badDate"),
                    sum(when(nonNumeric, 1).otherwise(0)).as("nonNumeric"),
                    sum(when(nonPositive, 1).otherwise(0)).as("nonPositive")).first();
            long rows = counts.getLong(0);
            if (rows == 0) {
                throw new BadInputException("Data file " + file + " has no rows");
            }
            check(typed, file, counts.isNullAt(1) ? 0 : counts.getLong(1), badTicker, names.get("ticker"),
                    "empty or missing ticker");
            check(typed, file, counts.isNullAt(2) ? 0 : counts.getLong(2), badDate, names.get("date"),
                    "missing or unparsable date (expected ISO yyyy-MM-dd)");
            check(typed, file, counts.isNullAt(3) ? 0 : counts.getLong(3), nonNumeric, names.get("close"),
                    "missing or non-numeric price");
            check(typed, file, counts.isNullAt(4) ? 0 : counts.getLong(4), nonPositive, names.get("close"),
                    "non-positive or infinite price");
            return new Prices(clean, rows);
        } catch (RuntimeException e) {
            clean.unpersist(false);
            throw e;
        }
    }

    private static void check(Dataset<Row> typed, Path file, long bad, Column condition, String column, String what) {
        if (bad == 0) {
            return;
        }
        Row example = typed.filter(condition).limit(1).collectAsList().get(0);
        throw new BadInputException(String.format(Locale.ROOT,
                "Data file %s, column '%s': %s in %d row(s), e.g. ticker=%s, date=%s, close=%s",
                file, column, what, bad, show(example.get(3)), show(example.get(4)), show(example.get(5))));
    }

    private static String show(Object value) {
        return value == null ? "<null>" : "'" + value + "'";
    }

    private static Dataset<Row> read(SparkSession spark, Path file) {
        try {
            if (isParquet(file)) {
                return spark.read().parquet(file.toString());
            }
            Dataset<Row> csv = spark.read().option("header", "true").option("inferSchema", "false")
                    .option("mode", "PERMISSIVE").csv(file.toString());
            if (csv.columns().length == 0 || Arrays.stream(csv.schema().fields())
                    .map(StructField::name).allMatch(n -> n.isBlank())) {
                throw new BadInputException("Data file " + file + " is empty (no header, no rows)");
            }
            return csv;
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            if (e instanceof AnalysisException || e.getCause() instanceof AnalysisException) {
                throw new BadInputException("Data file " + file + " cannot be read: " + firstLine(e.getMessage()));
            }
            throw e;
        }
    }

    private static boolean isParquet(Path file) {
        if (Files.isDirectory(file)) {
            return true;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".parquet")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return Arrays.equals(magic, new byte[] {'P', 'A', 'R', '1'});
        } catch (IOException e) {
            throw new BadInputException("Data file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("Data file " + file + " cannot be read: " + e.getMessage());
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
