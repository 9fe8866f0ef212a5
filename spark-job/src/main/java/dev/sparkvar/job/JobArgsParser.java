package dev.sparkvar.job;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.sparkvar.jobapi.JobEnvironment;
import dev.sparkvar.jobapi.JobOptions;
import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.VarianceReduction;

import static dev.sparkvar.jobapi.JobOptions.*;

/** Parses GNU-style {@code --name value} options into {@link JobArgs}; every mistake is a {@link BadInputException}. */
public final class JobArgsParser {

    public static final String USAGE = """
            Usage: java -jar sparkvar-job.jar [options]
              --data PATH             CSV (with header) or Parquet file/folder with ticker,date,close
                                      (default: data/dowjones30.csv beside the jar)
              --master URL            Spark master (default %s)
              --simulations N         Monte Carlo simulations (default %d)
              --horizon-days D        trading days simulated (default %d)
              --levels L1,L2          VaR levels in (0, 0.5) (default %s)
              --seed S                master seed, a long (default %d = 0x%x, the notebook's)
              --holdings FILE         JSON {"TICKER": dollars}; otherwise a random portfolio:
              --sample-fraction F     fraction of tickers drawn, in (0, 1] (default %s, at least one)
              --partitions P          simulation partitions (default: from the cluster's parallelism)
              --bins B                histogram bins (default %d)
              --models M1,M2          risk models side by side: %s
                                      (default %s; the first one fills the top-level figures)
              --backtest-days D       backtest each model's one-day VaR over the last D common dates
                                      (default %d: no backtest)
              --estimation-days E     estimation window of each backtest forecast, in dates (default %d)
              --variance-reduction R  %s (default %s); importance: draws shifted towards the smallest
                                      level's losses, each path weighted by its likelihood ratio
              --output FILE           write the result JSON there
              --callback URL          POST progress, result and error JSON to URL/{progress,result,error}
              --token T               bearer token for the callback (default: $SPARKVAR_TOKEN, which keeps
                                      it off the command line that every local user can read)
              --conf KEY=VALUE        any Spark setting (repeatable; applied after --properties-file)
              --properties-file FILE  spark-defaults.conf format: "key value" or "key=value", # comments
              --app-name NAME         Spark application name (default %s)
              --help                  this text
            Setting spark.sparkvar.linger=DURATION (e.g. 30s, through --conf or the properties file) keeps
            the driver and its executors up that long after the result, e.g. to watch dynamic allocation.
            Exit codes: 0 success, 2 bad input, 1 any other failure.
            """.formatted(RunDefaults.MASTER, RunDefaults.SIMULATIONS, RunDefaults.HORIZON_DAYS,
            joined(RunDefaults.LEVELS), RunDefaults.SEED, RunDefaults.SEED, RunDefaults.SAMPLE_FRACTION,
            RunDefaults.BINS, RiskModel.names(), keys(RunDefaults.MODELS), RunDefaults.BACKTEST_DAYS,
            RunDefaults.ESTIMATION_DAYS, VarianceReduction.names(), RunDefaults.VARIANCE_REDUCTION.key(),
            RunDefaults.APP_NAME);

    private static final java.util.regex.Pattern MASTER_URL = java.util.regex.Pattern.compile(
            "local(\\[(\\d+|\\*)(,\\d+)?])?|local-cluster\\[.+]|spark://\\S+|yarn|k8s://\\S+|mesos://\\S+");

    /** Spark setting: how long the driver stays up after the result (a Spark duration; default 0). */
    public static final String LINGER = JobOptions.LINGER;
    /** How long the service's callback may refuse connections before the job ends itself (OrphanWatch). Default 30s. */
    public static final String ORPHAN_GRACE = "spark.sparkvar.orphanGrace";

    private JobArgsParser() {
    }

    /** {@value #LINGER} in seconds (0 when unset); a value that is not a non-negative duration is bad input. */
    public static long lingerSeconds(Map<String, String> conf) {
        return seconds(conf, LINGER, "0s");
    }

    /** A duration setting in seconds, e.g. {@code 30s} or {@code 2min}; bad input names the setting. */
    static long seconds(Map<String, String> conf, String key, String defaultValue) {
        String value = conf.getOrDefault(key, defaultValue);
        long seconds;
        try {
            seconds = org.apache.spark.network.util.JavaUtils.timeStringAsSec(value);
        } catch (RuntimeException e) {
            throw new BadInputException(key + " must be a duration such as 30s or 2min, got '" + value + "'");
        }
        if (seconds < 0) {
            throw new BadInputException(key + " must not be negative, got '" + value + "'");
        }
        return seconds;
    }

    /** True when the arguments ask for help. */
    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals(HELP) || a.equals(HELP_SHORT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses the arguments.
     *
     * @param defaultData the data file used when {@code --data} is absent
     */
    public static JobArgs parse(String[] args, Path defaultData) {
        Map<String, String> single = new LinkedHashMap<>();
        List<String> confs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value;
            int eq = name.indexOf('=');
            if (name.startsWith("--") && eq > 0) { // also accept --name=value
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length) {
                    throw new BadInputException("Option " + name + " needs a value (see --help)");
                }
                value = args[++i];
            }
            if (name.equals(CONF)) {
                confs.add(value);
            } else if (SINGLE_VALUED.contains(name)) {
                if (single.put(name, value) != null) {
                    throw new BadInputException("Option " + name + " given twice");
                }
            } else {
                throw new BadInputException("Unknown option " + name + " (see --help)");
            }
        }
        if (single.containsKey(HOLDINGS) && single.containsKey(SAMPLE_FRACTION)) {
            throw new BadInputException("Give either --holdings or --sample-fraction, not both");
        }

        Path data = single.containsKey(DATA) ? Path.of(single.get(DATA)) : defaultData;
        if (data == null) {
            throw new BadInputException("No --data given and no bundled sample found beside the jar");
        }
        String master = single.getOrDefault(JobOptions.MASTER, RunDefaults.MASTER);
        if (!MASTER_URL.matcher(master).matches()) {
            throw new BadInputException(JobOptions.MASTER + ": not a Spark master URL: '" + master
                    + "' (e.g. local[*], local[2], spark://host:7077)");
        }
        int simulations = intOption(single, SIMULATIONS, RunDefaults.SIMULATIONS);
        if (simulations < 1) {
            throw new BadInputException(SIMULATIONS + " must be at least 1, got " + simulations);
        }
        int horizon = intOption(single, HORIZON_DAYS, RunDefaults.HORIZON_DAYS);
        if (horizon < 1) {
            throw new BadInputException(HORIZON_DAYS + " must be at least 1, got " + horizon);
        }
        List<Double> levels = levels(single.getOrDefault(LEVELS, joined(RunDefaults.LEVELS)));
        long seed = single.containsKey(SEED) ? longValue(SEED, single.get(SEED)) : RunDefaults.SEED;
        Path holdings = single.containsKey(HOLDINGS) ? Path.of(single.get(HOLDINGS)) : null;
        double fraction = single.containsKey(SAMPLE_FRACTION)
                ? doubleValue(SAMPLE_FRACTION, single.get(SAMPLE_FRACTION)) : RunDefaults.SAMPLE_FRACTION;
        if (!RunDefaults.validSampleFraction(fraction)) {
            throw new BadInputException(SAMPLE_FRACTION + " must be in (0, 1], got " + single.get(SAMPLE_FRACTION));
        }
        Integer partitions = single.containsKey(PARTITIONS) ? intOption(single, PARTITIONS, 0) : null;
        if (partitions != null && partitions < 1) {
            throw new BadInputException(PARTITIONS + " must be at least 1, got " + partitions);
        }
        int bins = intOption(single, BINS, RunDefaults.BINS);
        if (bins < 1) {
            throw new BadInputException(BINS + " must be at least 1, got " + bins);
        }
        Path output = single.containsKey(OUTPUT) ? Path.of(single.get(OUTPUT)) : null;
        String callback = single.get(CALLBACK);
        if (callback != null) {
            try {
                URI uri = URI.create(callback);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not http(s)");
                }
            } catch (IllegalArgumentException e) {
                throw new BadInputException(CALLBACK + " must be an http(s) URL, got '" + callback + "'");
            }
        }
        Map<String, String> conf = new LinkedHashMap<>();
        if (single.containsKey(PROPERTIES_FILE)) {
            conf.putAll(readProperties(Path.of(single.get(PROPERTIES_FILE))));
        }
        for (String c : confs) {
            int at = c.indexOf('=');
            if (at <= 0) {
                throw new BadInputException(CONF + " expects key=value, got '" + c + "'");
            }
            conf.put(c.substring(0, at).trim(), c.substring(at + 1).trim());
        }
        if (conf.containsKey(LINGER)) {
            lingerSeconds(conf);
        }
        if (conf.containsKey(ORPHAN_GRACE)) {
            seconds(conf, ORPHAN_GRACE, "30s");
        }
        String appName = single.getOrDefault(APP_NAME, RunDefaults.APP_NAME);
        List<String> models = models(single.getOrDefault(MODELS, keys(RunDefaults.MODELS)));
        int backtestDays = intOption(single, BACKTEST_DAYS, RunDefaults.BACKTEST_DAYS);
        if (backtestDays < 0) {
            throw new BadInputException("--backtest-days must be 0 (no backtest) or more, got " + backtestDays);
        }
        int estimationDays = intOption(single, ESTIMATION_DAYS, RunDefaults.ESTIMATION_DAYS);
        if (estimationDays < RunDefaults.MIN_ESTIMATION_DAYS) {
            throw new BadInputException(ESTIMATION_DAYS + " must be at least " + RunDefaults.MIN_ESTIMATION_DAYS
                    + " (a sample variance), got "
                    + estimationDays);
        }
        VarianceReduction reduction = single.containsKey(JobOptions.VARIANCE_REDUCTION)
                ? VarianceReduction.of(single.get(JobOptions.VARIANCE_REDUCTION)) : RunDefaults.VARIANCE_REDUCTION;
        if (reduction == null) {
            throw new BadInputException(JobOptions.VARIANCE_REDUCTION + ": unknown method '"
                    + single.get(JobOptions.VARIANCE_REDUCTION) + "' (known: " + VarianceReduction.names() + ")");
        }
        return new JobArgs(data, master, simulations, horizon, levels, seed, holdings, fraction, partitions, bins,
                output, callback, single.getOrDefault(TOKEN, System.getenv(JobEnvironment.TOKEN)), conf, appName,
                models, backtestDays, estimationDays, reduction.key());
    }

    static List<String> models(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            RiskModel model = RiskModel.of(part);
            if (model == null) {
                throw new BadInputException(MODELS + ": unknown model '" + part.strip() + "' (known: "
                        + RiskModel.names() + ")");
            }
            out.add(model.key());
        }
        return List.copyOf(out);
    }

    /** Reads a spark-defaults.conf style file: {@code key value} or {@code key=value} lines, {@code #} comments. */
    static Map<String, String> readProperties(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("Cannot read --properties-file " + file + ": " + e);
        }
        Map<String, String> conf = new LinkedHashMap<>();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int cut = -1;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '=' || Character.isWhitespace(c)) {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0) {
                throw new BadInputException(PROPERTIES_FILE + " " + file + " line " + lineNo
                        + ": expected 'key value' or 'key=value', got '" + line + "'");
            }
            String key = line.substring(0, cut);
            String value = line.substring(cut).strip();
            if (value.startsWith("=")) {
                value = value.substring(1).strip();
            }
            conf.put(key, value);
        }
        return conf;
    }

    static List<Double> levels(String text) {
        LinkedHashSet<Double> out = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            double level = doubleValue(LEVELS, part.strip());
            if (!RunDefaults.validLevel(level)) {
                throw new BadInputException(LEVELS + ": each level must be in (0, 0.5), got " + part.strip());
            }
            out.add(level);
        }
        return List.copyOf(out);
    }

    private static String joined(List<?> values) {
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    private static String keys(List<RiskModel> models) {
        return models.stream().map(RiskModel::key).collect(java.util.stream.Collectors.joining(","));
    }

    private static int intOption(Map<String, String> options, String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static long longValue(String name, String v) {
        try {
            return Long.decode(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a long integer, got '" + v + "'");
        }
    }

    private static double doubleValue(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a number, got '" + v + "'");
        }
    }
}
