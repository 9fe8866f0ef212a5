package dev.sparkvar.job;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sparkvar.jobapi.JobEnvironment;
import dev.sparkvar.jobapi.JobOptions;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.VarianceReduction;

import static dev.sparkvar.job.OptionValues.doubleValue;
import static dev.sparkvar.job.OptionValues.intOption;
import static dev.sparkvar.job.OptionValues.joined;
import static dev.sparkvar.job.OptionValues.keys;
import static dev.sparkvar.job.OptionValues.levels;
import static dev.sparkvar.job.OptionValues.longValue;
import static dev.sparkvar.job.OptionValues.models;
import static dev.sparkvar.jobapi.JobOptions.*;

/**
 * Parses GNU-style {@code --name value} options into {@link JobArgs}; every mistake is a {@link BadInputException}.
 * The options are listed in {@link JobUsage}; single values are read by {@link OptionValues}.
 */
public final class JobArgsParser {

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
            conf.putAll(PropertiesFile.read(Path.of(single.get(PROPERTIES_FILE))));
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
}
