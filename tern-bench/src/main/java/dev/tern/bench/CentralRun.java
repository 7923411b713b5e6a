package dev.tern.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which of several runs of one scenario to document ({@code tern bench <scenario> --runs N --write-docs}): the central one,
 * the run whose figures are closest to the other runs' (least summed |ln(ratio)| over every figure of every row both
 * print), and how far the others were from it, per row. One run of a scenario is one sample of a shared host whose speed
 * moves for minutes at a time (BENCHMARKS.md); a section written in such a stretch is an outlier that every later run
 * "fails" to reproduce, while the central run of three is what a typical second run lands near. Every figure of the
 * section is still one real run's (no figure is averaged or mixed from several runs), and the note says how the others
 * spread, so a row that does not reproduce on this host is named in the document itself.
 *
 * @param index  the central run's position in the list given
 * @param note   the note appended to its section: how it was chosen and the other runs' figures outside ±15 % of it
 */
public record CentralRun(int index, String note) {

    /** A figure's |ln(ratio)| counts at most this much (a doubled or halved figure), so one wild row does not decide alone. */
    private static final double CAP = Math.log(2);

    /**
     * Chooses among the sections (each the Markdown one run wrote: its table of {@code | metric | value | ...} rows).
     *
     * @throws IllegalArgumentException when there are fewer than two runs
     */
    public static CentralRun of(List<String> sections) {
        if (sections.size() < 2) throw new IllegalArgumentException("a central run needs at least two runs, got " + sections.size());
        List<Map<String, Row>> runs = sections.stream().map(CentralRun::rows).toList();
        int best = 0;
        double bestSum = Double.MAX_VALUE;
        for (int i = 0; i < runs.size(); i++) {
            double sum = 0;
            for (int j = 0; j < runs.size(); j++) {
                if (j != i) sum += distance(runs.get(i), runs.get(j));
            }
            if (sum < bestSum) {
                bestSum = sum;
                best = i;
            }
        }
        return new CentralRun(best, note(runs, best));
    }

    /** {@code markdown} (the central run's section) with {@link #note} as its last note. */
    public String appendTo(String markdown) {
        String m = markdown.stripTrailing();
        String last = m.substring(m.lastIndexOf('\n') + 1);
        return m + (last.startsWith("- ") ? "\n" : "\n\n") + "- " + note + "\n";
    }

    /** One row of a section: the metric and its figures. */
    record Row(String metric, List<String> figures, List<Boolean> shares) { }

    /** The section's rows by metric and occurrence ("metric#2" for a metric printed a second time), in order. */
    static Map<String, Row> rows(String section) {
        Map<String, Row> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : BenchComparison.rows(section).entrySet()) {
            int k = 0;
            for (String value : e.getValue()) {
                out.put(e.getKey() + "#" + ++k, new Row(e.getKey(), BenchComparison.figures(value), BenchComparison.shares(value)));
            }
        }
        return out;
    }

    private static double distance(Map<String, Row> a, Map<String, Row> b) {
        double sum = 0;
        for (Map.Entry<String, Row> e : a.entrySet()) {
            Row r = e.getValue(), o = b.get(e.getKey());
            if (o == null || o.figures().size() != r.figures().size()) continue;
            for (int i = 0; i < r.figures().size(); i++) {
                double x = Double.parseDouble(r.figures().get(i)), y = Double.parseDouble(o.figures().get(i));
                sum += x > 0 && y > 0 ? Math.min(CAP, Math.abs(Math.log(y / x))) : x == y ? 0 : CAP;
            }
        }
        return sum;
    }

    /** How the run was chosen, and each row where another run printed a figure outside ±15 % (and outside its resolution). */
    private static String note(List<Map<String, Row>> runs, int central) {
        List<String> outside = new ArrayList<>();
        for (Map.Entry<String, Row> e : runs.get(central).entrySet()) {
            Row r = e.getValue();
            List<String> ratios = new ArrayList<>();
            for (int j = 0; j < runs.size(); j++) {
                Row o = j == central ? null : runs.get(j).get(e.getKey());
                if (o == null || o.figures().size() != r.figures().size()) continue;
                for (int i = 0; i < r.figures().size(); i++) {
                    String x = r.figures().get(i), y = o.figures().get(i);
                    if (BenchComparison.sameAtResolution(x, y, r.shares().get(i) && o.shares().get(i))) continue;
                    double ratio = Double.parseDouble(x) == 0 ? Double.POSITIVE_INFINITY : Double.parseDouble(y) / Double.parseDouble(x);
                    if (Math.abs(ratio - 1) > BenchComparison.TOLERANCE + 1e-9) {
                        ratios.add(Double.isInfinite(ratio) ? y + " against " + x : String.format(Locale.ROOT, "%.2f", ratio));   // no ratio to zero
                    }
                }
            }
            if (!ratios.isEmpty()) outside.add(shorten(r.metric()) + " (" + String.join(", ", ratios) + ")");
        }
        String head = "written from the central one of " + runs.size() + " runs of this scenario, each in a JVM of its own"
                + " (`--runs " + runs.size() + "`: the run whose figures are closest to the other runs')";
        return outside.isEmpty() ? head + "; every figure of the other runs within ±15 % of it"
                : head + "; the other runs' figures outside ±15 % of it (other / this): " + String.join("; ", outside);
    }

    private static String shorten(String metric) {
        String m = metric.strip();
        return m.length() <= 60 ? m : m.substring(0, 59) + "…";
    }
}
