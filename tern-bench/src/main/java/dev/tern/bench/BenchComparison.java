package dev.tern.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second run beside the first: every row of a fresh {@link BenchReport} next to the row of the same metric in the
 * scenario's section of {@code docs/BENCHMARKS.md}, as the ratio now / documented of each figure in it (a value holds
 * one figure per {@code ;}-separated part, its first number). What {@code tern bench <scenario> --compare} prints, so
 * "reproduced within ±15 %" is checked by a command instead of by eye.
 *
 * <p>Rows that are ratios of two candidates measured in the same rounds are counted apart: they are what reproduces on
 * this shared VM (see BENCHMARKS.md). CPU rows are also shown scaled by the core-speed probe both runs recorded (the
 * same fixed work timed around the batches), which takes out a change of the cores' speed between the runs.
 */
public final class BenchComparison {

    /** The tolerance of the "reproduced within ±15 %". */
    public static final double TOLERANCE = 0.15;

    /**
     * How far apart two shares (figures printed as a percentage, such as the JIT compilers' share of a batch's CPU) may be, in
     * percentage points, and still be the same measurement. A ratio says nothing about a share near 0: the compilers' 0 % in
     * one run and 3 % in the next is "new" as a ratio, while the concurrency bench itself calls any share up to 5 % a quiet
     * compiler (its warm-up stops on it). Above a third of the whole, ±15 % of the share is the wider band and applies.
     */
    public static final double SHARE_POINTS = 5;

    /**
     * How a row names the confidence interval of its first figure ("5.2 ms (95 % CI of the median -0.36 to 10.23 ms; ...)"),
     * for figures that are medians of differences whose rounds spread far more than ±15 % ({@link Spread#medianInterval}).
     */
    public static final String INTERVAL = "95 % CI of the median";

    private static final Pattern INTERVAL_BOUNDS = Pattern.compile(Pattern.quote(INTERVAL) + " (-?\\d+(?:\\.\\d+)?) to (-?\\d+(?:\\.\\d+)?)");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    private static final Pattern PROBE = Pattern.compile("a fixed probe took (\\d+(?:\\.\\d+)?) ms");
    private static final Pattern MEMORY_PROBE = Pattern.compile("dependent reads over \\d+ MiB took (\\d+(?:\\.\\d+)?) ms");
    private static final Pattern MEASURED = Pattern.compile("Measured (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern CPU = Pattern.compile("on this machine \\(\\d+ cores, (.+?), Java \\d+\\)");

    /**
     * A core-speed probe this many times faster or slower than the documented one is not the same processor running slow:
     * one processor's speed moved by ×0.6–1.7 across hours on this shared VM (the fifth-session bullet), while a sandbox
     * moved to another host read the probe 3.7 × faster (the fourteenth). Used where the section predates the processor's
     * name in its first line.
     */
    static final double ANOTHER_CPU = 2.0;

    /**
     * One metric in both runs.
     *
     * @param ratios   now / documented for each figure of the value (1 where both are 0)
     * @param scaled   the same multiplied by documented probe / current probe, for CPU rows (not ratios of two candidates,
     *                 where the cores' speed cancels) when both runs have a probe
     * @param resolved per figure, whether the two differ by at most one unit of the last digit printed ("0 ms" and
     *                 "1 ms" of JIT CPU in a batch are the same measurement at that resolution, whatever their ratio), or are
     *                 shares at most {@link #SHARE_POINTS} percentage points apart
     */
    public record Line(String metric, String documented, String now, List<Double> ratios, List<Double> scaled, List<Boolean> resolved,
                       boolean ratioRow) {

        /** Every figure within ±{@code tolerance} or within the printed resolution (scaled figures when {@code useScaled}). */
        public boolean within(double tolerance, boolean useScaled) {
            List<Double> r = useScaled && !scaled.isEmpty() ? scaled : ratios;
            for (int i = 0; i < r.size(); i++) {
                if (!resolved.get(i) && Math.abs(r.get(i) - 1) > tolerance + 1e-9) return false;
            }
            return true;
        }

        /**
         * Whether this run's first figure lies inside the 95 % confidence interval the documented row gives for its own
         * first figure ({@link #INTERVAL}); false when it gives none. A row outside ±15 % but inside that interval is one
         * whose documented figure was never known to ±15 %: the runs agree within the measurement's own uncertainty.
         */
        public boolean insideDocumentedInterval() {
            Matcher m = INTERVAL_BOUNDS.matcher(documented);
            Matcher x = NUMBER.matcher(now);
            if (ratios.size() != 1 || !m.find() || !x.find()) return false;
            double v = Double.parseDouble(x.group());
            return v >= Double.parseDouble(m.group(1)) - 1e-9 && v <= Double.parseDouble(m.group(2)) + 1e-9;
        }
    }

    private final String scenario;
    private final String documentedOn;
    private final List<Line> lines;
    private final List<String> missing;
    private final String anotherCpu;
    private final String probes;

    private BenchComparison(String scenario, String documentedOn, List<Line> lines, List<String> missing, String anotherCpu,
                            String probes) {
        this.scenario = scenario;
        this.documentedOn = documentedOn;
        this.lines = List.copyOf(lines);
        this.missing = List.copyOf(missing);
        this.anotherCpu = anotherCpu;
        this.probes = probes;
    }

    /**
     * Why the documented run was on another processor than this one (the names in the sections' first lines differ, or,
     * for a section without one, the probe moved more than {@link #ANOTHER_CPU} ×), or null: then absolute figures are
     * that machine's, and the probe, a loop whose speed relative to the request path differs between processors, scales
     * nothing.
     */
    public String anotherCpu() { return anotherCpu; }

    public List<Line> lines() { return lines; }

    /** Metrics of the fresh report that the documented section does not have (renamed rows, new variants). */
    public List<String> missing() { return missing; }

    /**
     * Compares {@code now} with its section in {@code doc} (the text of BENCHMARKS.md).
     *
     * @throws IllegalArgumentException when the document has no section for the scenario
     */
    public static BenchComparison of(BenchReport now, String doc) {
        return of(now, doc, Machine.cpu());
    }

    /** {@link #of(BenchReport, String)} for a run on the processor named {@code cpuNow}. */
    static BenchComparison of(BenchReport now, String doc, String cpuNow) {
        List<Map.Entry<String, String>> rows = now.rows().stream().map(r -> Map.entry(r.metric(), r.value())).toList();
        return of(now.name(), rows, String.join("\n", now.notes()), doc, cpuNow);
    }

    /**
     * Compares a run already written as a Markdown section ({@code sectionNow}, as {@code --section-out} and {@code --runs}
     * keep each run) with the scenario's section in {@code doc}: how {@code tern bench --runs N --compare} sets the central
     * one of its runs beside the documented figure, which is itself the central one of the runs that wrote it. The
     * processor is the one the section names.
     *
     * @throws IllegalArgumentException when the document has no section for the scenario
     */
    public static BenchComparison ofSection(String name, String sectionNow, String doc) {
        List<Map.Entry<String, String>> rows = new ArrayList<>();
        rows(sectionNow).forEach((metric, values) -> values.forEach(v -> rows.add(Map.entry(metric, v))));
        Matcher cpu = CPU.matcher(sectionNow);
        return of(name, rows, sectionNow, doc, cpu.find() ? cpu.group(1) : Machine.cpu());
    }

    private static BenchComparison of(String name, List<Map.Entry<String, String>> rowsNow, String notesNow, String doc, String cpuNow) {
        String section = section(doc, name);
        Map<String, List<String>> before = rows(section);
        Map<String, Integer> seen = new java.util.HashMap<>();
        Double probeBefore = probe(PROBE, section);
        Double probeNow = probe(PROBE, notesNow);
        String anotherCpu = anotherCpu(section, cpuNow, probeBefore, probeNow);
        boolean scale = anotherCpu == null && probeBefore != null && probeNow != null && probeNow > 0;
        List<Line> lines = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> row : rowsNow) {
            // a metric printed twice in one table ("jtokkit: the same" for load and for counting) pairs by occurrence
            // an indented sub-row ("  of which ...") loses its indent in the Markdown cell
            String metric = row.getKey().strip();
            int k = seen.merge(metric, 1, Integer::sum) - 1;
            List<String> documented = before.getOrDefault(metric, List.of());
            String old = k < documented.size() ? documented.get(k) : null;
            if (old == null) {
                missing.add(row.getKey());
                continue;
            }
            List<String> a = figures(old), b = figures(row.getValue());
            if (a.isEmpty() || a.size() != b.size()) continue;
            List<Boolean> shareA = shares(old), shareB = shares(row.getValue());
            List<Double> ratios = new ArrayList<>();
            List<Boolean> resolved = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                double x = Double.parseDouble(a.get(i)), y = Double.parseDouble(b.get(i));
                ratios.add(ratio(y, x));
                resolved.add(sameAtResolution(a.get(i), b.get(i), shareA.get(i) && shareB.get(i)));
            }
            List<Double> scaled = new ArrayList<>();
            boolean ratioRow = isRatio(row.getKey(), row.getValue());
            if (scale && !ratioRow && row.getKey().contains("CPU")) {
                for (double r : ratios) scaled.add(r * probeBefore / probeNow);
            }
            lines.add(new Line(row.getKey(), old, row.getValue(), ratios, scaled, resolved, ratioRow));
        }
        Matcher m = MEASURED.matcher(section);
        return new BenchComparison(name, m.find() ? m.group(1) : "an unknown date", lines, missing, anotherCpu,
                probes(probeBefore, probeNow, probe(MEMORY_PROBE, section), probe(MEMORY_PROBE, notesNow)));
    }

    private static String anotherCpu(String section, String cpuNow, Double probeBefore, Double probeNow) {
        Matcher m = CPU.matcher(section);
        if (m.find()) return m.group(1).equals(cpuNow) ? null : "documented on " + m.group(1) + ", this run on " + cpuNow;
        if (probeBefore == null || probeNow == null || probeNow <= 0) return null;
        double speed = probeBefore / probeNow;
        if (speed <= ANOTHER_CPU && speed >= 1 / ANOTHER_CPU) return null;
        return String.format(Locale.ROOT, "the core-speed probe ran %.2f x as fast as in the documented run, which names no processor;"
                + " most likely another one (this run: %s)", speed, cpuNow);
    }

    /** The text between the scenario's markers. */
    static String section(String doc, String name) {
        String begin = "<!-- bench:" + name + " -->", end = "<!-- /bench:" + name + " -->";
        int a = doc.indexOf(begin), b = doc.indexOf(end);
        if (a < 0 || b < a) throw new IllegalArgumentException("the benchmarks document has no section for '" + name + "' to compare with");
        return doc.substring(a + begin.length(), b);
    }

    /** metric → its values in the section's table, in order (a metric may be printed more than once). */
    static Map<String, List<String>> rows(String section) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            if (!line.startsWith("| ") || line.startsWith("| metric |") || line.startsWith("|---")) continue;
            String[] cells = line.substring(2).split(" \\| ", -1);
            if (cells.length >= 2) out.computeIfAbsent(cells[0].strip(), m -> new ArrayList<>()).add(cells[1].strip());
        }
        return out;
    }

    /**
     * The first number of each {@code ;}-separated part of a value, as printed. A {@code ;} inside parentheses separates
     * the details of one figure ("0.160 ms (710 µs − 550 µs; rounds 0.09, 0.20 ms)"), not two figures.
     */
    static List<String> figures(String value) {
        List<String> out = new ArrayList<>();
        for (String part : parts(value)) {
            Matcher m = NUMBER.matcher(part);
            if (m.find()) out.add(m.group());
        }
        return out;
    }

    /** Per figure of {@link #figures}, whether it is a share: printed as a percentage ("3 %", "12%"). */
    static List<Boolean> shares(String value) {
        List<Boolean> out = new ArrayList<>();
        for (String part : parts(value)) {
            Matcher m = NUMBER.matcher(part);
            if (m.find()) out.add(part.substring(m.end()).stripLeading().startsWith("%"));
        }
        return out;
    }

    /** The value split at each {@code ;} outside parentheses. */
    private static List<String> parts(String value) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth = Math.max(0, depth - 1);
            else if (c == ';' && depth == 0) {
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        out.add(value.substring(start));
        return out;
    }

    /**
     * Whether two printed figures are the same measurement whatever their ratio: at most one unit of the last digit printed
     * apart, or, for two shares, at most {@link #SHARE_POINTS} percentage points.
     */
    static boolean sameAtResolution(String a, String b, boolean shares) {
        double same = shares ? SHARE_POINTS : Math.max(unit(a), unit(b));
        return Math.abs(Double.parseDouble(b) - Double.parseDouble(a)) <= same + 1e-12;
    }

    /** One unit of the last digit printed: 1 for "27", 0.01 for "0.38". */
    static double unit(String figure) {
        int dot = figure.indexOf('.');
        return dot < 0 ? 1 : Math.pow(10, -(figure.length() - dot - 1));
    }

    /**
     * "the machine, now / documented: core-speed probe 1.02, memory probe 1.21", for the probes both runs recorded
     * ({@link MachineProbes}); null when neither pair exists.
     */
    private static String probes(Double coreBefore, Double coreNow, Double memoryBefore, Double memoryNow) {
        List<String> parts = new ArrayList<>();
        if (coreBefore != null && coreNow != null && coreBefore > 0) parts.add(String.format(Locale.ROOT, "core-speed probe %.2f", coreNow / coreBefore));
        if (memoryBefore != null && memoryNow != null && memoryBefore > 0) parts.add(String.format(Locale.ROOT, "memory probe %.2f", memoryNow / memoryBefore));
        return parts.isEmpty() ? null : "the machine, now / documented (above 1: slower now): " + String.join(", ", parts);
    }

    private static Double probe(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    private static double ratio(double now, double before) {
        if (before == 0) return now == 0 ? 1 : Double.POSITIVE_INFINITY;
        return now / before;
    }

    /**
     * A ratio of two candidates (or two variants) measured in the same rounds: the metric names both ("socket / floor, same
     * round", "jdk / socket", "speed-up") and the value is a bare number. "client GC time, cold / warm: 226 ms / 182 ms" names
     * two figures, not a ratio.
     */
    static boolean isRatio(String metric, String value) {
        boolean named = metric.contains("same round") || metric.contains(" / ") || metric.contains("speed-up");
        Matcher m = NUMBER.matcher(value);
        if (!named || !m.find()) return false;
        String after = value.substring(m.end()).stripLeading();
        return after.isEmpty() || !Character.isLetter(after.codePointAt(0)) && !after.startsWith("%") || after.startsWith("x ")
                || after.equals("x");
    }

    /** The table and the counts, for the terminal. */
    public String toText() {
        StringBuilder b = new StringBuilder(scenario).append(": this run beside the section measured ").append(documentedOn)
                .append(" (now / documented; ±").append(Math.round(TOLERANCE * 100)).append(" % is a reproduction, or ±")
                .append(Math.round(SHARE_POINTS)).append(" points for a share printed as a percentage)\n");
        if (anotherCpu != null) {
            b.append("  another processor: ").append(anotherCpu).append(". Absolute figures are that machine's and the probe scales"
                    + " nothing; the ratio rows are what carries over, and a section written on this processor is what a second"
                    + " run reproduces\n");
        }
        if (probes != null) b.append("  ").append(probes).append('\n');
        int w = Math.min(90, lines.stream().mapToInt(l -> l.metric().length()).max().orElse(10));
        for (Line l : lines) {
            String metric = l.metric().length() > w ? l.metric().substring(0, w - 1) + "…" : l.metric();
            b.append(String.format(Locale.ROOT, "  %-" + w + "s  %s", metric, format(l.ratios())));
            if (!l.scaled().isEmpty()) b.append("   scaled by the core-speed probe ").append(format(l.scaled()));
            if (!l.within(TOLERANCE, false)) {
                b.append(l.within(TOLERANCE, true) ? "   outside, within when scaled" : "   OUTSIDE");
                if (l.insideDocumentedInterval()) b.append(", inside the documented " + INTERVAL.replace(" of the median", ""));
            }
            b.append('\n');
        }
        b.append("  ").append(summary()).append('\n');
        if (!missing.isEmpty()) b.append("  not in the documented section: ").append(String.join("; ", missing)).append('\n');
        return b.toString();
    }

    /** "n of m rows within ±15 % (ratio rows a of b; ...)". */
    public String summary() {
        Count c = count();
        long cpuRows = lines.stream().filter(l -> !l.scaled().isEmpty()).count();
        long cpuOk = lines.stream().filter(l -> !l.scaled().isEmpty() && l.within(TOLERANCE, false)).count();
        long cpuScaledOk = lines.stream().filter(l -> !l.scaled().isEmpty() && l.within(TOLERANCE, true)).count();
        String s = c.ok() + " of " + c.rows() + " rows within ±" + Math.round(TOLERANCE * 100) + " %; ratio rows " + c.ratioOk() + " of " + c.ratioRows();
        if (cpuRows > 0) s += "; CPU rows " + cpuOk + " of " + cpuRows + ", " + cpuScaledOk + " scaled by the core-speed probe";
        long inInterval = lines.stream().filter(l -> !l.within(TOLERANCE, false) && l.insideDocumentedInterval()).count();
        if (inInterval > 0) s += "; of the rows outside, " + inInterval + " inside the documented " + INTERVAL;
        if (anotherCpu != null) s += "; documented on another processor";
        return s;
    }

    /** The counts of one scenario's comparison, for a line over several ({@link #total}). */
    public record Count(String scenario, long rows, long ok, long ratioRows, long ratioOk, boolean anotherCpu) { }

    /** This comparison's counts. */
    public Count count() {
        return new Count(scenario, lines.size(), lines.stream().filter(l -> l.within(TOLERANCE, false)).count(),
                lines.stream().filter(Line::ratioRow).count(), lines.stream().filter(l -> l.ratioRow() && l.within(TOLERANCE, false)).count(),
                anotherCpu != null);
    }

    /**
     * One line over several scenarios' comparisons ({@code tern bench all --compare}): rows and ratio rows within ±15 % in
     * all of them, and the scenarios whose rows were not all inside.
     */
    public static String total(List<Count> all) {
        long rows = 0, ok = 0, ratioRows = 0, ratioOk = 0;
        List<String> notAll = new ArrayList<>();
        for (Count c : all) {
            rows += c.rows();
            ok += c.ok();
            ratioRows += c.ratioRows();
            ratioOk += c.ratioOk();
            if (c.ok() < c.rows()) notAll.add(c.scenario() + " " + c.ok() + "/" + c.rows() + (c.anotherCpu() ? " (another processor)" : ""));
        }
        long scenarios = all.stream().map(Count::scenario).distinct().count();
        String counted = scenarios + (scenarios == 1 ? " scenario" : " scenarios") + (all.size() > scenarios ? ", " + all.size() + " runs" : "");
        return counted + ": " + ok + " of " + rows + " rows within ±" + Math.round(TOLERANCE * 100) + " %; ratio rows "
                + ratioOk + " of " + ratioRows + (notAll.isEmpty() ? "; every scenario's rows inside" : "; not every row inside: "
                + String.join(", ", notAll));
    }

    private static String format(List<Double> ratios) {
        return String.join("; ", ratios.stream().map(r -> r.isInfinite() ? "new" : String.format(Locale.ROOT, "%.2f", r)).toList());
    }
}
