package dev.tern.bench;

import dev.tern.memory.tracker.CallRecord;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.metrics.Metrics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Issue 12 "tracker": 1 000 000 model-call records through the performance tracker (default options:
 * 10 000 in memory, 16 MiB files, 4 rotated kept). The heap after a full GC is read at 10 000, 100 000
 * and 1 000 000 records: a tracker whose memory grew with the records would show it as a ratio.
 */
public final class TrackerBench {

    /** Records through a first, discarded tracker before the baseline is read. */
    private static final int WARM_UP = 20_000;

    public BenchReport run(int records) throws Exception {
        Path dir = Files.createTempDirectory("tern-bench-tracker");
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        BenchReport.Builder b = new BenchReport.Builder("tracker", "performance tracker: heap over " + String.format(Locale.ROOT, "%,d", records)
                + " records", "tern bench tracker");
        long atTenth = 0, atEnd;
        Instant now = Instant.now();
        // a first tracker in a scratch folder loads and compiles the record path and lets the JVM's own lazily made
        // caches settle, so that the baseline below is taken when only the measured tracker can still grow the heap (a
        // baseline taken before that read 2.2 MiB more than the heap after 10 000 records on one run, 0.1 MiB less on another)
        Path scratch = Files.createTempDirectory("tern-bench-tracker-warm");
        try (PerfTracker warm = new PerfTracker(scratch, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            for (int i = 1; i <= WARM_UP; i++) warm.record(call(now, i));
        }
        delete(scratch);
        long baseline = heap(mem);
        long start = System.nanoTime();
        try (PerfTracker t = new PerfTracker(dir, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            for (int i = 1; i <= records; i++) {
                t.record(call(now, i));
                if (i == records / 100) b.row("heap after " + String.format(Locale.ROOT, "%,d", i) + " records", mib(heap(mem) - baseline) + " above the start");
                if (i == records / 10) {
                    atTenth = heap(mem);
                    b.row("heap after " + String.format(Locale.ROOT, "%,d", i) + " records", mib(atTenth - baseline) + " above the start");
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            atEnd = heap(mem);
            b.row("heap after " + String.format(Locale.ROOT, "%,d", records) + " records", mib(atEnd - baseline) + " above the start");
            double ratio = (double) atEnd / atTenth;
            b.row("heap at " + String.format(Locale.ROOT, "%,d", records) + " / heap at " + String.format(Locale.ROOT, "%,d", records / 10),
                    String.format(Locale.ROOT, "%.3f", ratio), "≤ 1.05 (flat)", ratio <= 1.05);
            b.row("records in memory", String.valueOf(t.recentCalls().size()));
            long bytes = 0;
            for (Path f : t.callFiles()) bytes += Files.size(f);
            b.row("files kept on disk", t.callFiles().size() + " files, " + mib(bytes) + " (bound: 5 × 16 MiB)");
            b.row("recording rate", String.format(Locale.ROOT, "%,.0f records/s (one JSON line written per record)", records / secs));
            b.row("write errors", String.valueOf(t.writeErrors()));
        }
        delete(dir);
        return b.note("heap = used heap after System.gc() (MemoryMXBean), in this JVM, above the heap before the measured tracker"
                        + " was made (after " + String.format(Locale.ROOT, "%,d", WARM_UP) + " records through a first tracker, closed"
                        + " and collected); the ring buffer holds the last 10 000 records")
                .note("every record is also appended to .tern/metrics/calls.jsonl, rotated at 16 MiB with 4 older files kept")
                .build();
    }

    private static CallRecord call(Instant now, int i) {
        return new CallRecord(now, "run-" + (i / 3), i % 2 == 0 ? "planner" : "coder", "session-" + (i / 100), "gpt-4o-mini",
                CallRecord.Source.PROVIDER, true, null, 400_000 + i % 1000, 1200, 180, 900, 0, 0.00031, 0, i % 3);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long heap(MemoryMXBean mem) throws InterruptedException {
        for (int i = 0; i < 3; i++) System.gc();
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) { return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }
}
