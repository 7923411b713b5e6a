package dev.tern.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The table rows of one {@link ConcurrencyBench} case: each candidate's figures, then the ratios measured in the same rounds. */
final class ConcurrencyRows {

    private ConcurrencyRows() { }

    /** Adds the rows of case {@code c}: per candidate, then the ratios to {@code main} and to the floor. */
    static void add(BenchReport.Builder b, ConcurrencyBench.Case c, Map<String, ConcurrencyBench.Series> byTransport, String main) {
        boolean small = c.tasks() <= 1000;
        double target = small ? 1300 : 6000;
        String l = c.label();
        Map<String, Double> medians = new LinkedHashMap<>();
        byTransport.forEach((t, s) -> {
            boolean isMain = t.equals(main);
            Spread warm = Spread.of(s.warm().stream().map(ConcurrencyBench.Outcome::wallMs).toList());
            Spread cold = Spread.of(s.cold().stream().map(ConcurrencyBench.Outcome::wallMs).toList());
            medians.put(t, warm.median());
            int errors = 0;
            long peak = 0;
            String firstError = null;
            List<ConcurrencyBench.Outcome> all = new ArrayList<>(s.cold());
            all.addAll(s.warm());
            all.addAll(s.first());
            for (ConcurrencyBench.Outcome o : all) {
                errors += o.errors();
                peak = Math.max(peak, o.peakHeapBytes());
                if (firstError == null) firstError = o.firstError();
            }
            String p = l + ", " + BenchClient.label(t) + ": ";
            String firstRow = firstBatch(s.first());
            if (isMain) {
                b.row(p + "warm batch wall time", warm.format("%.0f", " ms"), small ? "≤ 1 300 ms" : "≤ 6 000 ms",
                        warm.median() <= target);
                b.row(p + "cold batch wall time", cold.format("%.0f", " ms"), small ? "≤ 1 300 ms" : "≤ 6 000 ms",
                        cold.median() <= target);
                b.row(p + "first batch of this size in the process (cold connections, heap still growing)", firstRow);
                b.row(p + "errors, all batches (first, cold, warm)", String.valueOf(errors), "0", errors == 0);
                b.row(p + "peak heap used", String.format(Locale.ROOT, "%.0f MiB", peak / 1048576.0), "≤ 1 GiB", peak <= (1L << 30));
            } else {
                b.row(p + "warm batch wall time", warm.format("%.0f", " ms"));
                b.row(p + "cold batch wall time", cold.format("%.0f", " ms"));
                b.row(p + "first batch of this size in the process (cold connections, heap still growing)", firstRow);
                b.row(p + "errors, all batches (first, cold, warm)", String.valueOf(errors));
                b.row(p + "peak heap used", String.format(Locale.ROOT, "%.0f MiB", peak / 1048576.0));
            }
            b.row(p + "client GC time inside the batch, cold / warm",
                    Spread.of(s.cold().stream().map(o -> (double) o.gcMillis()).toList()).format("%.0f", " ms") + " / "
                            + Spread.of(s.warm().stream().map(o -> (double) o.gcMillis()).toList()).format("%.0f", " ms"));
            // the median over the batches: one batch's peak depends on whether a collection fell on its busiest moment
            b.row(p + "peak heap live after a collection, median of the batches", Spread.of(all.stream()
                    .map(o -> o.peakLiveBytes() / 1048576.0).toList()).format("%.0f", " MiB"));
            double calls = 3.0 * c.tasks();
            b.row(p + "CPU per model call (warm), client / simulator",
                    Spread.of(s.warm().stream().map(o -> o.clientCpuMs() * 1000.0 / calls).toList()).format("%.0f", " µs")
                            + " / " + String.format(Locale.ROOT, "%.0f µs",
                            Spread.of(s.warm().stream().map(o -> o.simCpuMs() * 1000.0 / calls).toList()).median()));
            // the compilers' residue as a share of the batch's CPU (a few ms of a 2 s batch: whether the warm-up was done)
            b.row(p + "client CPU per model call (warm) without the JIT compiler threads; their share of the batch's CPU",
                    Spread.of(s.warm().stream().map(o -> o.clientMicrosPerCall()).toList()).format("%.0f", " µs")
                            + "; " + Spread.of(s.warm().stream().map(o -> 100.0 * o.jitCpuMs() / Math.max(1, o.clientCpuMs()))
                            .toList()).format("%.0f", " %"));
            // the simulator's CPU in the same batch is a yardstick measured at the same moment on the same cores: its work per
            // call is fixed for a given client, so this ratio stays put when the VM's speed moves both (the absolute rows do not)
            b.row(p + "client CPU without the JIT threads / simulator CPU, same warm batch", Spread.ratios(
                    s.warm().stream().map(o -> (double) (o.clientCpuMs() - o.jitCpuMs())).toList(),
                    s.warm().stream().map(o -> (double) o.simCpuMs()).toList()).format("%.2f", ""));
            if (firstError != null) b.note(p + "first error: " + firstError);
        });
        double base = medians.get(main);
        medians.forEach((t, m) -> {
            if (!t.equals(main) && !t.equals(BenchClient.FLOOR)) {
                b.row(l + ": warm wall time, " + t + " / " + main, String.format(Locale.ROOT, "%.2f", m / base));
            }
        });
        ConcurrencyBench.Series floor = byTransport.get(BenchClient.FLOOR);
        if (floor == null) return;
        // each round ran the floor right before or after the candidate: the pair saw the same core speed and load
        byTransport.forEach((t, s) -> {
            if (t.equals(BenchClient.FLOOR)) return;
            Spread w = Spread.ratios(s.warm().stream().map(ConcurrencyBench.Outcome::wallMs).toList(), floor.warm().stream().map(ConcurrencyBench.Outcome::wallMs).toList());
            Spread cpu = Spread.ratios(s.warm().stream().map(ConcurrencyBench.Outcome::clientMicrosPerCall).toList(),
                    floor.warm().stream().map(ConcurrencyBench.Outcome::clientMicrosPerCall).toList());
            if (t.equals(main) && !small) {
                // the target for 10 000 tasks: half the floor's time
                b.row(l + ", " + t + " / floor, same round: warm batch wall time", w.format("%.2f", ""), "≤ 0.50", w.median() <= 0.5);
            } else {
                b.row(l + ", " + t + " / floor, same round: warm batch wall time", w.format("%.2f", ""));
            }
            b.row(l + ", " + t + " / floor, same round: client CPU per model call (warm) without the JIT threads",
                    cpu.format("%.2f", ""));
        });
    }


    /**
     * The first batch of a size in each client JVM: the median one's wall and GC time, then the spread over the JVMs (in one
     * part of the value, so a second run compares the median only).
     */
    static String firstBatch(List<ConcurrencyBench.Outcome> firsts) {
        List<ConcurrencyBench.Outcome> sorted = new ArrayList<>(firsts);
        sorted.sort(java.util.Comparator.comparingLong(ConcurrencyBench.Outcome::wallMs));
        ConcurrencyBench.Outcome median = sorted.get((sorted.size() - 1) / 2);
        String row = String.format(Locale.ROOT, "%d ms (GC %d ms)", median.wallMs(), median.gcMillis());
        if (sorted.size() == 1) return row;
        return row + String.format(Locale.ROOT, ", median of %d client JVMs (min %d, max %d)", sorted.size(),
                sorted.getFirst().wallMs(), sorted.getLast().wallMs());
    }
}
