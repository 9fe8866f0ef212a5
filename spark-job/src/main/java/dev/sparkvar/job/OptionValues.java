package dev.sparkvar.job;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.sparkvar.jobapi.RiskModel;
import dev.sparkvar.jobapi.RunDefaults;

import static dev.sparkvar.jobapi.JobOptions.LEVELS;
import static dev.sparkvar.jobapi.JobOptions.MODELS;

/** One option's value from text and back: numbers, level and model lists; a value that does not parse is bad input. */
final class OptionValues {

    private OptionValues() {
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

    static String joined(List<?> values) {
        return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    static String keys(List<RiskModel> models) {
        return models.stream().map(RiskModel::key).collect(java.util.stream.Collectors.joining(","));
    }

    static int intOption(Map<String, String> options, String name, int fallback) {
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

    static long longValue(String name, String v) {
        try {
            return Long.decode(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a long integer, got '" + v + "'");
        }
    }

    static double doubleValue(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a number, got '" + v + "'");
        }
    }
}
