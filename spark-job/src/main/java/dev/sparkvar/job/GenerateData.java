package dev.sparkvar.job;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.sparkvar.jobapi.ExitCode;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes synthetic end-of-day prices in the WikiEOD Parquet layout, deterministic by seed: geometric
 * Brownian motion per ticker with drift and volatility drawn from realistic ranges, trading days only.
 *
 * <p>{@code java -cp sparkvar-job.jar dev.sparkvar.job.GenerateData --tickers 3000 --years 25 --seed 7
 * --output /tmp/wikieod.parquet}
 */
public final class GenerateData {
    /** WikiEOD's columns without the adj_* ones (no splits or dividends are simulated, they would repeat these). */
    public static final StructType SCHEMA = new StructType()
            .add("ticker", DataTypes.StringType, false)
            .add("date", DataTypes.DateType, false)
            .add("open", DataTypes.DoubleType, false)
            .add("high", DataTypes.DoubleType, false)
            .add("low", DataTypes.DoubleType, false)
            .add("close", DataTypes.DoubleType, false)
            .add("volume", DataTypes.DoubleType, false)
            .add("ex_dividend", DataTypes.DoubleType, false)
            .add("split_ratio", DataTypes.DoubleType, false);
    private static final Set<MonthDay> HOLIDAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(7, 4), MonthDay.of(12, 25));

    private GenerateData() {
    }

    /** Generator settings. */
    public record Options(int tickers, int years, long seed, Path output, LocalDate end, String master) {
    }

    public static void main(String[] args) {
        int relaunched = ModuleOpens.relaunchIfNeeded(GenerateData.class, args);
        System.exit(relaunched >= 0 ? relaunched : run(args, System.err));
    }

    /** Parses, generates, returns the exit code (2 for bad options). */
    public static int run(String[] args, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (BadInputException e) {
            err.println("generate-data: error: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        SparkSession spark = SparkSession.builder().config(new SparkConf(false)
                .setMaster(options.master()).setAppName("sparkvar-generate-data")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")).getOrCreate();
        try {
            long start = System.nanoTime();
            long rows = generate(spark, options);
            err.printf(Locale.ROOT, "generate-data: %d tickers, %d rows written to %s in %.1f s%n",
                    options.tickers(), rows, options.output(), (System.nanoTime() - start) / 1e9);
            return ExitCode.OK.code();
        } catch (RuntimeException e) {
            err.println("generate-data: error: " + e);
            return ExitCode.FAILURE.code();
        } finally {
            spark.stop();
        }
    }

    static Options parse(String[] args) {
        int tickers = 3000;
        int years = 25;
        long seed = 7;
        Path output = null;
        LocalDate end = LocalDate.of(2017, 12, 29); // WikiEOD's last updates were in early 2018
        String master = "local[*]";
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new BadInputException("Option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            try {
                switch (args[i]) {
                    case "--tickers" -> tickers = Integer.parseInt(v);
                    case "--years" -> years = Integer.parseInt(v);
                    case "--seed" -> seed = Long.decode(v);
                    case "--output" -> output = Path.of(v);
                    case "--end" -> end = LocalDate.parse(v);
                    case "--master" -> master = v;
                    default -> throw new BadInputException("Unknown option " + args[i]
                            + " (options: --tickers N --years Y --seed S --output PATH [--end yyyy-MM-dd] [--master URL])");
                }
            } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
                throw new BadInputException("Option " + args[i] + ": bad value '" + v + "'");
            }
        }
        if (output == null) {
            throw new BadInputException("--output PATH is required");
        }
        if (tickers < 1 || years < 1) {
            throw new BadInputException("--tickers and --years must be at least 1");
        }
        if (Files.exists(output)) {
            throw new BadInputException("Output " + output + " exists already; remove it or choose another path");
        }
        return new Options(tickers, years, seed, output, end, master);
    }

    /** Writes the data set and returns its row count. */
    public static long generate(SparkSession spark, Options o) {
        List<LocalDate> days = tradingDays(o.end().minusYears(o.years()).plusDays(1), o.end());
        List<Integer> ids = new ArrayList<>(o.tickers());
        for (int i = 0; i < o.tickers(); i++) {
            ids.add(i);
        }
        int parts = Math.max(1, Math.min(o.tickers(), 4 * spark.sparkContext().defaultParallelism()));
        long seed = o.seed();
        Date[] dates = days.stream().map(Date::valueOf).toArray(Date[]::new);
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(ids, parts)
                .flatMap(t -> series(t, seed, dates).iterator());
        spark.createDataFrame(rows, SCHEMA).write().parquet(o.output().toString());
        return spark.read().parquet(o.output().toString()).count();
    }

    /** One ticker's rows: a GBM path with per-ticker drift, volatility, start price and listing date. */
    static List<Row> series(int t, long seed, Date[] dates) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(seed, t);
        ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        double drift = -0.05 + 0.25 * rng.nextDouble();           // annual drift -5 % .. +20 %
        double vol = 0.12 * Math.exp(1.2 * rng.nextDouble());     // annual volatility 12 % .. 40 %
        double price = Math.exp(Math.log(5) + Math.log(60) * rng.nextDouble()); // start 5 .. 300 dollars
        double volume = Math.exp(11 + 4 * rng.nextDouble());      // ~60 thousand .. 3 million shares a day
        // a quarter of the tickers list later, like WikiEOD's shorter histories
        int first = rng.nextDouble() < 0.25 ? rng.nextInt(Math.max(1, dates.length - 30)) : 0;
        double dt = 1 / 252.0;
        double mu = (drift - vol * vol / 2) * dt;
        double sigma = vol * Math.sqrt(dt);
        String ticker = tickerName(t);
        List<Row> out = new ArrayList<>(dates.length - first);
        for (int d = first; d < dates.length; d++) {
            double open = price * Math.exp(0.2 * sigma * gauss.sample());
            double close = price * Math.exp(mu + sigma * gauss.sample());
            double high = Math.max(open, close) * (1 + 0.5 * sigma * Math.abs(gauss.sample()));
            double low = Math.min(open, close) * (1 - 0.5 * sigma * Math.min(1.5, Math.abs(gauss.sample())));
            double vol_d = Math.rint(volume * Math.exp(0.4 * gauss.sample()));
            out.add(RowFactory.create(ticker, dates[d], open, high, low, close, vol_d, 0.0, 1.0));
            price = close;
        }
        return out;
    }

    /** Weekdays without New Year, Independence Day and Christmas. */
    static List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !HOLIDAYS.contains(MonthDay.from(d))) {
                out.add(d);
            }
        }
        return out;
    }

    /** A distinct upper-case symbol per index: A..Z, AA..ZZ, AAA.. in bijective base 26, skipping 1-letter ones. */
    static String tickerName(int t) {
        long n = t + 27L; // start at "AA"
        StringBuilder sb = new StringBuilder();
        while (n > 0) {
            n--;
            sb.append((char) ('A' + n % 26));
            n /= 26;
        }
        return sb.reverse().toString();
    }
}
