package dev.sparkvar.run;

import dev.sparkvar.access.AccessConfig;
import dev.sparkvar.dataset.DatasetCatalog;
import dev.sparkvar.dataset.DatasetTickers;
import dev.sparkvar.problem.LogSafe;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a run request field by field, reporting every bad field at once, and applies the notebook's defaults.
 * The job validates again (its exit code 2 names the file and row); this catches what can be known up front.
 */
@ApplicationScoped
public class RunRequestValidator {

    static final int DEFAULT_SIMULATIONS = 10_000;
    static final int DEFAULT_HORIZON_DAYS = 5;
    static final List<Double> DEFAULT_LEVELS = List.of(0.05);
    static final double DEFAULT_SAMPLE_FRACTION = 0.01;
    static final String DEFAULT_CLUSTER_CONFIG = "clusterconfig";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern TICKER = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final RunsConfig config;
    private final DatasetCatalog datasets;
    private final DatasetTickers tickers;
    private final AccessConfig access;
    private final Runs runs;

    public RunRequestValidator(RunsConfig config, DatasetCatalog datasets, DatasetTickers tickers, AccessConfig access,
            Runs runs) {
        this.config = config;
        this.datasets = datasets;
        this.tickers = tickers;
        this.access = access;
        this.runs = runs;
    }

    /**
     * Whether a run may send a job (code, and the run's data) to {@code masterUrl}: a configured master, or one of
     * the clusters this service created for its runs in flight. Any other would let a caller make this service
     * connect wherever it likes (and, on the local backend, to another user's master on this machine).
     */
    boolean allowedMaster(String masterUrl) {
        String wanted = Runs.normalMaster(masterUrl);
        boolean configured = access.allowedMasters().orElse(List.of()).stream()
                .anyMatch(m -> Runs.normalMaster(m).equals(wanted));
        return configured || runs.clusterInFlight(masterUrl).isPresent();
    }

    /** A valid request: its parameters with defaults applied, and the data set's real path. */
    public record Validated(RunParameters parameters, Path dataPath) {
    }

    /**
     * Validates a request and applies defaults.
     *
     * @throws ProblemException 400 listing every bad field
     */
    public Validated validate(RunRequest request) {
        RunRequest r = request == null ? RunRequest.defaults() : request;
        List<FieldError> errors = new ArrayList<>();

        int simulations = r.simulations() == null ? DEFAULT_SIMULATIONS : r.simulations();
        if (simulations < 1 || simulations > config.maxSimulations()) {
            errors.add(new FieldError("simulations",
                    "must be between 1 and " + config.maxSimulations() + ", was " + simulations));
        }
        int horizon = r.horizonDays() == null ? DEFAULT_HORIZON_DAYS : r.horizonDays();
        if (horizon < 1 || horizon > config.maxHorizonDays()) {
            errors.add(new FieldError("horizonDays",
                    "must be between 1 and " + config.maxHorizonDays() + ", was " + horizon));
        }
        List<Double> levels = r.levels() == null ? DEFAULT_LEVELS : r.levels();
        if (levels.isEmpty() || levels.size() > 10) {
            errors.add(new FieldError("levels", "must list 1 to 10 levels, had " + levels.size()));
        }
        for (int i = 0; i < levels.size(); i++) {
            Double level = levels.get(i);
            if (level == null || !(level > 0 && level < 0.5)) {
                errors.add(new FieldError("levels[" + i + "]", "must be in (0, 0.5), was " + level));
            }
        }
        if (r.sampleFraction() != null && r.holdings() != null) {
            errors.add(new FieldError("holdings", "give either holdings or sampleFraction, not both"));
        }
        Double fraction = r.holdings() != null ? null
                : r.sampleFraction() == null ? DEFAULT_SAMPLE_FRACTION : r.sampleFraction();
        if (fraction != null && !(fraction > 0 && fraction <= 1)) {
            errors.add(new FieldError("sampleFraction", "must be in (0, 1], was " + fraction));
        }
        Map<String, Double> holdings = null;
        // the well-formed tickers, looked up in the data set below (a malformed one is reported as such, not twice)
        List<String> symbols = new ArrayList<>();
        if (r.holdings() != null) {
            holdings = new LinkedHashMap<>(r.holdings());
            if (holdings.isEmpty()) {
                errors.add(new FieldError("holdings", "must hold at least one ticker"));
            } else if (holdings.size() > config.maxHoldings()) {
                // one error, not one per ticker: the count alone is wrong
                errors.add(new FieldError("holdings", "must hold at most " + config.maxHoldings()
                        + " tickers (sparkvar.runs.max-holdings), had " + holdings.size()));
            } else {
                holdings.forEach((ticker, dollars) -> {
                    if (!TICKER.matcher(ticker).matches()) {
                        errors.add(new FieldError("holdings." + LogSafe.of(ticker, 40),
                                "is not a ticker symbol (1 to 32 letters, digits, '.', '_', '-')"));
                        return;
                    }
                    symbols.add(ticker);
                    if (dollars == null || !(dollars > 0) || dollars.isInfinite()) {
                        errors.add(new FieldError("holdings." + ticker,
                                "must be a positive, finite dollar amount, was " + dollars));
                    }
                });
            }
        }
        String data = r.data() == null ? datasets.defaultName() : r.data();
        Path dataPath = null;
        try {
            dataPath = datasets.resolve(data);
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
        if (!symbols.isEmpty() && dataPath != null) {
            // with the other errors, so that one answer lists everything to fix
            errors.addAll(unknownTickers(symbols, dataPath, data));
        }
        ClusterMode mode = r.mode() == null ? ClusterMode.EPHEMERAL : ClusterMode.of(r.mode());
        if (mode == null) {
            errors.add(new FieldError("mode", "must be one of " + ClusterMode.names() + ", was '"
                    + LogSafe.of(r.mode(), 40) + "'"));
        }
        if (mode == ClusterMode.MASTER) {
            if (r.masterUrl() == null) {
                errors.add(new FieldError("masterUrl", "is required with mode 'master'"));
            } else if (!validMasterUrl(r.masterUrl())) {
                errors.add(new FieldError("masterUrl", "must look like spark://host:7077, was '"
                        + LogSafe.of(r.masterUrl()) + "'"));
            } else if (!allowedMaster(r.masterUrl())) {
                errors.add(new FieldError("masterUrl", "is not an allowed master: only those in"
                        + " sparkvar.access.allowed-masters and the clusters of this service's runs in flight"));
            }
        } else if (r.masterUrl() != null) {
            errors.add(new FieldError("masterUrl", "only applies with mode 'master'"));
        }
        if (r.workers() != null) {
            if (mode != ClusterMode.EPHEMERAL) {
                errors.add(new FieldError("workers", "only applies with mode 'ephemeral'"));
            } else if (r.workers() < 1 || r.workers() > config.maxWorkers()) {
                errors.add(new FieldError("workers",
                        "must be between 1 and " + config.maxWorkers() + ", was " + r.workers()));
            }
        }
        String clusterConfig = r.clusterConfig() == null ? DEFAULT_CLUSTER_CONFIG : r.clusterConfig();
        if (!DNS_LABEL.matcher(clusterConfig).matches() || clusterConfig.length() > 63) {
            errors.add(new FieldError("clusterConfig", "must be a DNS label (lower-case letters, digits, '-'), was '"
                    + LogSafe.of(clusterConfig, 80) + "'"));
        }
        if (r.partitions() != null && (r.partitions() < 1 || r.partitions() > 10_000)) {
            errors.add(new FieldError("partitions", "must be between 1 and 10000, was " + r.partitions()));
        }
        ModelOptions modelOptions = ModelOptions.of(r, config, errors);
        VarianceReduction reduction = r.varianceReduction() == null ? VarianceReduction.NONE
                : VarianceReduction.of(r.varianceReduction());
        if (reduction == null) {
            errors.add(new FieldError("varianceReduction", "must be one of " + VarianceReduction.names() + ", was '"
                    + LogSafe.of(r.varianceReduction(), 40) + "'"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Validated(new RunParameters(simulations, horizon, List.copyOf(levels), r.seed(), fraction,
                holdings == null ? null : Map.copyOf(holdings), data, r.workers(), clusterConfig, mode,
                r.masterUrl(), r.partitions(), modelOptions.models(), modelOptions.backtestDays(),
                modelOptions.estimationDays(), reduction), dataPath);
    }

    /**
     * The holdings the data set does not have, each named: before anything is created, where the job would find
     * them only after a cluster was made for it.
     */
    private List<FieldError> unknownTickers(List<String> symbols, Path dataPath, String data) {
        try {
            return tickers.of(dataPath, data)
                    .map(known -> symbols.stream().filter(t -> !known.contains(t)).sorted()
                            .map(t -> new FieldError("holdings." + t, "unknown ticker in " + data))
                            .toList())
                    .orElse(List.of());
        } catch (ProblemException e) {
            return e.errors();
        }
    }

    private static boolean validMasterUrl(String url) {
        if (url.startsWith("local")) {
            return url.matches("local(\\[(\\*|[1-9][0-9]*)])?");
        }
        try {
            URI uri = URI.create(url);
            return "spark".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
