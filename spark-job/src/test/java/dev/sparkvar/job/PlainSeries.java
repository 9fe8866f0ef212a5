package dev.sparkvar.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The portfolio's common-date series recomputed plainly from a {@code ticker,date,close} CSV, without the
 * job's code: per ticker, in date order, {@code (close / previous close - 1) * 100}; a date is common when
 * every ticker has a change on it, and left out when only some do.
 */
final class PlainSeries {
    final List<String> tickers;
    final List<String> dates = new ArrayList<>();
    final List<double[]> changes = new ArrayList<>();
    final int leftOut;

    private PlainSeries(List<String> tickers, Map<String, TreeMap<String, Double>> closes) {
        this.tickers = tickers;
        Map<String, Map<String, Double>> change = new HashMap<>();
        TreeSet<String> anyChange = new TreeSet<>();
        for (String t : tickers) {
            Map<String, Double> c = new HashMap<>();
            Double previous = null;
            for (Map.Entry<String, Double> e : closes.get(t).entrySet()) { // ISO dates sort as text
                if (previous != null) {
                    c.put(e.getKey(), (e.getValue() / previous - 1) * 100);
                    anyChange.add(e.getKey());
                }
                previous = e.getValue();
            }
            change.put(t, c);
        }
        int out = 0;
        for (String d : anyChange) {
            double[] row = new double[tickers.size()];
            boolean all = true;
            for (int i = 0; i < tickers.size(); i++) {
                Double v = change.get(tickers.get(i)).get(d);
                if (v == null) {
                    all = false;
                    break;
                }
                row[i] = v;
            }
            if (all) {
                dates.add(d);
                changes.add(row);
            } else {
                out++;
            }
        }
        leftOut = out;
    }

    /** Reads {@code csv} (header {@code ticker,date,close}) for {@code tickers}, sorted. */
    static PlainSeries read(Path csv, Collection<String> tickers) throws IOException {
        List<String> sorted = new ArrayList<>(new TreeSet<>(tickers));
        Map<String, TreeMap<String, Double>> closes = new HashMap<>();
        for (String t : sorted) {
            closes.put(t, new TreeMap<>());
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (closes.containsKey(f[0])) {
                closes.get(f[0]).put(f[1], Double.parseDouble(f[2]));
            }
        }
        return new PlainSeries(sorted, closes);
    }

    int size() {
        return dates.size();
    }

    /** Dollar P&amp;L of {@code holdings} (ticker order) on each common date. */
    double[] pnl(double[] holdings) {
        double[] out = new double[size()];
        for (int t = 0; t < size(); t++) {
            for (int i = 0; i < holdings.length; i++) {
                out[t] += holdings[i] * changes.get(t)[i] / 100;
            }
        }
        return out;
    }

    /** Column means over dates {@code from} (inclusive) to {@code to}. */
    double[] means(int from, int to) {
        double[] m = new double[tickers.size()];
        for (int t = from; t < to; t++) {
            for (int i = 0; i < m.length; i++) {
                m[i] += changes.get(t)[i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= to - from;
        }
        return m;
    }

    /** Sample covariance (divisor n - 1) over dates {@code from} to {@code to}. */
    double[][] covariance(int from, int to) {
        double[] m = means(from, to);
        int n = m.length;
        double[][] s = new double[n][n];
        for (int t = from; t < to; t++) {
            double[] x = changes.get(t);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    s[i][j] += (x[i] - m[i]) * (x[j] - m[j]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] /= to - from - 1;
            }
        }
        return s;
    }

    /** {@code hᵀ S h / 10⁴}: the variance of the dollar P&amp;L under covariance {@code s}. */
    static double quadratic(double[] h, double[][] s) {
        double v = 0;
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < h.length; j++) {
                v += h[i] * h[j] * s[i][j];
            }
        }
        return v / 1e4;
    }
}
