package dev.sparkvar.run;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.sparkvar.access.AccessConfig;
import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;
import dev.sparkvar.jobapi.VarianceReduction;
import dev.sparkvar.problem.LogSafe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks {@link RunRequestRules}: a CDI bean, so that the limits come from {@link RunsConfig} and the allowed masters
 * from {@link AccessConfig} and the runs in flight. A missing field is checked as its default
 * ({@link RunParameters#from}), so that a configuration below a default is caught too. The beans are looked up at the
 * first request, not injected: Quarkus initialises constraint validators while it boots, before the configuration
 * mapping exists.
 */
@ApplicationScoped
public class RunRequestRulesValidator implements ConstraintValidator<RunRequestRules, RunRequest> {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern TICKER = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private final Instance<RunsConfig> configs;
    private final Instance<AccessConfig> access;
    private final Instance<Runs> runs;

    public RunRequestRulesValidator(Instance<RunsConfig> configs, Instance<AccessConfig> access, Instance<Runs> runs) {
        this.configs = configs;
        this.access = access;
        this.runs = runs;
    }

    @Override
    public boolean isValid(RunRequest r, ConstraintValidatorContext context) {
        if (r == null) {
            return true;
        }
        RunsConfig config = configs.get();
        Violations bad = new Violations(context);
        between(bad, "simulations", r.simulations(), RunDefaults.SIMULATIONS, 1, config.maxSimulations());
        between(bad, "horizonDays", r.horizonDays(), RunDefaults.HORIZON_DAYS, 1, config.maxHorizonDays());
        List<Double> levels = r.levels() == null ? RunDefaults.LEVELS : r.levels();
        if (levels.isEmpty() || levels.size() > RunDefaults.MAX_LEVELS) {
            bad.add("levels", "must list 1 to " + RunDefaults.MAX_LEVELS + " levels, had " + levels.size());
        }
        portfolio(r, config, bad);
        cluster(r, config, bad);
        models(r, bad);
        if (r.backtestDays() != null && (r.backtestDays() < 0 || r.backtestDays() > config.maxBacktestDays())) {
            bad.add("backtestDays", "must be between 0 (no backtest) and " + config.maxBacktestDays() + ", was "
                    + r.backtestDays());
        }
        between(bad, "estimationDays", r.estimationDays(), RunDefaults.ESTIMATION_DAYS,
                RunDefaults.MIN_ESTIMATION_DAYS, config.maxEstimationDays());
        if (r.varianceReduction() != null && VarianceReduction.of(r.varianceReduction()) == null) {
            bad.add("varianceReduction", "must be one of " + VarianceReduction.names() + ", was '"
                    + LogSafe.of(r.varianceReduction(), 40) + "'");
        }
        return bad.none();
    }

    /** A well-formed ticker symbol (whether the data set has it is the data set's to say). */
    static boolean isTicker(String symbol) {
        return TICKER.matcher(symbol).matches();
    }

    private static void between(Violations bad, String field, Integer given, int fallback, int min, int max) {
        int value = given == null ? fallback : given;
        if (value < min || value > max) {
            bad.add(field, "must be between " + min + " and " + max + ", was " + value);
        }
    }

    /** Holdings or a sample fraction, not both; the holdings' count, symbols and amounts. */
    private static void portfolio(RunRequest r, RunsConfig config, Violations bad) {
        Map<String, Double> holdings = r.holdings();
        if (r.sampleFraction() != null && holdings != null) {
            bad.add("holdings", "give either holdings or sampleFraction, not both");
        }
        if (holdings == null) {
            double fraction = r.sampleFraction() == null ? RunDefaults.SAMPLE_FRACTION : r.sampleFraction();
            if (!RunDefaults.validSampleFraction(fraction)) {
                bad.add("sampleFraction", "must be in (0, 1], was " + fraction);
            }
        } else if (holdings.isEmpty()) {
            bad.add("holdings", "must hold at least one ticker");
        } else if (holdings.size() > config.maxHoldings()) {
            // one error, not one per ticker: the count alone is wrong
            bad.add("holdings", "must hold at most " + config.maxHoldings()
                    + " tickers (sparkvar.runs.max-holdings), had " + holdings.size());
        } else {
            holdings.forEach((ticker, dollars) -> {
                if (!isTicker(ticker)) {
                    bad.add("holdings." + LogSafe.of(ticker, 40),
                            "is not a ticker symbol (1 to 32 letters, digits, '.', '_', '-')");
                } else if (dollars == null || !(dollars > 0) || dollars.isInfinite()) {
                    bad.add("holdings." + ticker, "must be a positive, finite dollar amount, was " + dollars);
                }
            });
        }
    }

    /** The mode and what only applies with one: the master's URL (an allowed one), the workers. */
    private void cluster(RunRequest r, RunsConfig config, Violations bad) {
        ClusterMode mode = r.mode() == null ? ClusterMode.EPHEMERAL : ClusterMode.of(r.mode());
        if (mode == null) {
            bad.add("mode", "must be one of " + ClusterMode.names() + ", was '" + LogSafe.of(r.mode(), 40) + "'");
        }
        if (mode == ClusterMode.MASTER) {
            if (r.masterUrl() == null) {
                bad.add("masterUrl", "is required with mode 'master'");
            } else if (!validMasterUrl(r.masterUrl())) {
                bad.add("masterUrl", "must look like spark://host:7077, was '" + LogSafe.of(r.masterUrl()) + "'");
            } else if (!allowedMaster(r.masterUrl())) {
                bad.add("masterUrl", "is not an allowed master: only those in"
                        + " sparkvar.access.allowed-masters and the clusters of this service's runs in flight");
            }
        } else if (r.masterUrl() != null) {
            bad.add("masterUrl", "only applies with mode 'master'");
        }
        if (r.workers() != null) {
            if (mode != ClusterMode.EPHEMERAL) {
                bad.add("workers", "only applies with mode 'ephemeral'");
            } else if (r.workers() < 1 || r.workers() > config.maxWorkers()) {
                bad.add("workers", "must be between 1 and " + config.maxWorkers() + ", was " + r.workers());
            }
        }
        String clusterConfig = r.clusterConfig() == null ? RunRequestValidator.DEFAULT_CLUSTER_CONFIG
                : r.clusterConfig();
        if (!DNS_LABEL.matcher(clusterConfig).matches() || clusterConfig.length() > 63) {
            bad.add("clusterConfig", "must be a DNS label (lower-case letters, digits, '-'), was '"
                    + LogSafe.of(clusterConfig, 80) + "'");
        }
    }

    private static void models(RunRequest r, Violations bad) {
        if (r.models() == null) {
            return;
        }
        if (r.models().isEmpty()) {
            bad.add("models", "must list at least one of " + RiskModel.names());
        }
        for (int i = 0; i < r.models().size(); i++) {
            String name = r.models().get(i);
            if (RiskModel.of(name) == null) {
                bad.add("models[" + i + "]", "must be one of " + RiskModel.names() + ", was "
                        + (name == null ? "null" : "'" + LogSafe.of(name, 40) + "'"));
            }
        }
    }

    /**
     * Whether a run may send a job (code, and the run's data) to {@code masterUrl}: a configured master, or one of
     * the clusters this service created for its runs in flight. Any other would let a caller make this service
     * connect wherever it likes (and, on the local backend, to another user's master on this machine).
     */
    boolean allowedMaster(String masterUrl) {
        String wanted = Runs.normalMaster(masterUrl);
        boolean configured = access.get().allowedMasters().orElse(List.of()).stream()
                .anyMatch(m -> Runs.normalMaster(m).equals(wanted));
        return configured || runs.get().clusterInFlight(masterUrl).isPresent();
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

    /** The violations of one request, each on its field's JSON path, with its own message. */
    private static final class Violations {
        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
            context.disableDefaultConstraintViolation();
        }

        void add(String field, String message) {
            any = true;
            // the message may quote the request: escaped, so that Bean Validation reads no parameter or expression
            context.buildConstraintViolationWithTemplate(message.replace("\\", "\\\\").replace("{", "\\{")
                            .replace("}", "\\}").replace("$", "\\$"))
                    .addPropertyNode(field)
                    .addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}
