package dev.tern.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one thing: min, median, max. */
public record Spread(List<Double> values) {

    public Spread {
        if (values.isEmpty()) throw new IllegalArgumentException("no values");
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        values = List.copyOf(s);
    }

    public static Spread of(List<? extends Number> xs) {
        return new Spread(xs.stream().map(Number::doubleValue).toList());
    }

    /**
     * The ratios a[i] / b[i] of two candidates measured in the same rounds (same index, same round): each pair saw the
     * same machine, so the ratio cancels what the shared machine's speed did to both.
     */
    public static Spread ratios(List<? extends Number> a, List<? extends Number> b) {
        if (a.size() != b.size()) throw new IllegalArgumentException("unpaired: " + a.size() + " and " + b.size() + " values");
        List<Double> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) out.add(a.get(i).doubleValue() / b.get(i).doubleValue());
        return new Spread(out);
    }

    public double min() { return values.getFirst(); }

    public double max() { return values.getLast(); }

    public double median() {
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /**
     * A distribution-free 95 % confidence interval of the median: the order statistics x(k) and x(n−k+1) for the largest k
     * with P(Binomial(n, ½) < k) ≤ 2.5 % (for 21 values the 6th and the 16th, covering the median with 97 % probability).
     * No assumption about the values' distribution, which for the differences of two noisy percentiles is unknown. Below 6
     * values no such k exists and the interval is min to max.
     */
    public double[] medianInterval() {
        int n = values.size();
        double below = Math.pow(0.5, n), cumulative = below;
        int k = 0;
        for (int i = 1; i <= n / 2 && cumulative <= 0.025; i++) {
            k = i;
            below = below * (n - i + 1) / i;
            cumulative += below;
        }
        return k == 0 ? new double[] {min(), max()} : new double[] {values.get(k - 1), values.get(n - k)};
    }

    /** "1234 ms (min 1200, max 1300, n 3)" with {@code format} applied to each number. */
    public String format(String format, String unit) {
        return String.format(Locale.ROOT, format, median()) + unit + " (min " + String.format(Locale.ROOT, format, min())
                + ", max " + String.format(Locale.ROOT, format, max()) + ", n " + values.size() + ")";
    }
}
