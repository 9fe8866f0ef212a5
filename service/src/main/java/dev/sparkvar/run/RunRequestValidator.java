package dev.sparkvar.run;

import dev.sparkvar.dataset.DatasetCatalog;
import dev.sparkvar.dataset.DatasetTickers;
import dev.sparkvar.problem.FieldError;
import dev.sparkvar.problem.ProblemException;
import dev.sparkvar.problem.ProblemMappers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run request's checks, all reported in one answer: its constraints ({@link RunRequest}, {@link RunRequestRules}),
 * then what only the data set can tell: that it exists and is readable, and that it has the holdings' tickers
 * (before anything is created, where the job would find them only after a cluster was made for it). The job
 * validates again (its exit code 2 names the file and row).
 */
@ApplicationScoped
public class RunRequestValidator {

    static final String DEFAULT_CLUSTER_CONFIG = "clusterconfig";

    private final Validator validator;
    private final DatasetCatalog datasets;
    private final DatasetTickers tickers;

    public RunRequestValidator(Validator validator, DatasetCatalog datasets, DatasetTickers tickers) {
        this.validator = validator;
        this.datasets = datasets;
        this.tickers = tickers;
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
        List<FieldError> errors = new ArrayList<>(ProblemMappers.fieldErrors(validator.validate(r)));
        String data = r.data() == null ? datasets.defaultName() : r.data();
        Path dataPath = null;
        try {
            dataPath = datasets.resolve(data);
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
        // the tickers looked up only in a portfolio of a valid size: not one answer line per ticker of 10,000
        if (dataPath != null && r.holdings() != null && errors.stream().noneMatch(e -> e.field().equals("holdings"))) {
            errors.addAll(unknownTickers(r.holdings(), dataPath, data));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new Validated(RunParameters.from(r, data), dataPath);
    }

    /** The holdings the data set does not have, each named (malformed symbols are the constraints' to report). */
    private List<FieldError> unknownTickers(Map<String, Double> holdings, Path dataPath, String data) {
        List<String> symbols = holdings.keySet().stream().filter(RunRequestRulesValidator::isTicker).toList();
        if (symbols.isEmpty()) {
            return List.of();
        }
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
}
