package dev.sparkvar.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus;

/** Chooses the portfolio: explicit holdings from a JSON file, or the notebook's seeded random draw. */
public final class Portfolio {
    /** Keeps the portfolio's stream apart from every simulation's (those use indexes 0, 1, 2, ...). */
    private static final long PORTFOLIO_STREAM = -1L;

    private Portfolio() {
    }

    /**
     * The notebook's random portfolio, made independent of partitioning: {@code max(1, round(fraction * count))}
     * tickers drawn with replacement from the sorted list, each worth {@code price * randint(1, 1000) * 11}.
     * As in the notebook (a dict assignment per drawn ticker), a ticker drawn twice keeps its last amount.
     */
    public static TreeMap<String, Double> random(List<String> sortedTickers, Map<String, MarketModel.LatestPrice> prices,
            double fraction, long seed) {
        XoRoShiRo128PlusPlus rng = SimulationKernel.generator(seed, PORTFOLIO_STREAM);
        int count = sortedTickers.size();
        int draws = (int) Math.max(1, Math.round(fraction * count));
        List<String> drawn = new ArrayList<>(draws);
        for (int i = 0; i < draws; i++) {
            drawn.add(sortedTickers.get(rng.nextInt(count)));
        }
        TreeMap<String, Double> portfolio = new TreeMap<>();
        for (String ticker : drawn) {
            int shares = 1 + rng.nextInt(1000);
            portfolio.put(ticker, prices.get(ticker).price() * (shares * 11));
        }
        return portfolio;
    }

    /** Reads {@code {"TICKER": dollars}}; every ticker must be modelled, every amount finite and positive. */
    public static TreeMap<String, Double> fromFile(Path file, Set<String> modelled, Set<String> known) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new BadInputException("Holdings file not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("Holdings file " + file + " is not valid JSON: "
                    + PriceLoader.firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new BadInputException("Holdings file " + file
                    + " must be a non-empty JSON object {\"TICKER\": dollars}, e.g. {\"IBM\": 100000}");
        }
        TreeMap<String, Double> holdings = new TreeMap<>();
        List<String> unknown = new ArrayList<>();
        List<String> unmodelled = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0) {
                throw new BadInputException("Holdings file " + file + ": ticker '" + e.getKey()
                        + "' needs a positive dollar amount, got " + v);
            }
            if (!known.contains(e.getKey())) {
                unknown.add(e.getKey());
            } else if (!modelled.contains(e.getKey())) {
                unmodelled.add(e.getKey());
            }
            holdings.put(e.getKey(), v.asDouble());
        }
        if (!unknown.isEmpty()) {
            throw new BadInputException("Holdings file " + file + ": unknown ticker(s) not in the data: "
                    + String.join(", ", unknown));
        }
        if (!unmodelled.isEmpty()) {
            throw new BadInputException("Holdings file " + file + ": ticker(s) with fewer than two daily changes"
                    + " in the data cannot be modelled: " + String.join(", ", unmodelled));
        }
        return holdings;
    }
}
