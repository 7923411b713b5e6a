package dev.tern.bench;

import dev.tern.memory.tracker.CallRecord;
import dev.tern.memory.tracker.PerfTracker;
import dev.tern.metrics.Metrics;
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

    /** Records through a first, discarded tracker before the heap is read. */
    private static final int WARM_UP = 20_000;

    public BenchReport run(int records) throws Exception {
        Path dir = Files.createTempDirectory("tern-bench-tracker");
        BenchReport.Builder b = new BenchReport.Builder("tracker", "performance tracker: heap over " + String.format(Locale.ROOT, "%,d", records)
                + " records", "tern bench tracker");
        Instant now = Instant.now();
        // a first tracker in a scratch folder loads and compiles the record path before anything is read
        warmUp(now);
        // growth is counted from the heap once the ring buffer is full: that is the claim (flat however many records follow).
        // The heap is the live data right after a full collection; read with getUsed instead, four runs of the same build
        // put the heap after 10 000 records -2.0 to +2.0 MiB "above the start"
        int full = Math.max(PerfTracker.Options.DEFAULT.capacity(), records / 100);
        long atFull = 0, atTenth = 0, atEnd, checkpoints = 0;
        long before = LiveHeap.afterFullGc(3);
        long start = System.nanoTime();
        try (PerfTracker t = new PerfTracker(dir, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            for (int i = 1; i <= records; i++) {
                t.record(call(now, i));
                if (i == full || i == records / 10) {
                    long c = System.nanoTime();
                    long h = LiveHeap.afterFullGc(3);
                    if (i == full) {
                        atFull = h;
                        b.row("heap in use after " + String.format(Locale.ROOT, "%,d", i) + " records (ring buffer full), after a full GC", mib(h)
                                + String.format(Locale.ROOT, " (%+.1f MiB over the heap before the tracker was made)", (h - before) / 1048576.0));
                    }
                    if (i == records / 10) {
                        atTenth = h;
                        b.row("heap after " + String.format(Locale.ROOT, "%,d", i) + " records", growth(h - atFull));
                    }
                    checkpoints += System.nanoTime() - c;
                }
            }
            double secs = (System.nanoTime() - start - checkpoints) / 1e9;
            atEnd = LiveHeap.afterFullGc(3);
            b.row("heap after " + String.format(Locale.ROOT, "%,d", records) + " records", growth(atEnd - atFull));
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
        Trees.delete(dir);
        return b.note("heap = the heap pools' occupancy right after a full collection (MemoryPoolMXBean.getCollectionUsage), in this JVM, after " + String.format(Locale.ROOT, "%,d", WARM_UP)
                        + " records through a first tracker (closed); growth is counted from the heap once the ring buffer holds its"
                        + " 10 000 records; the recording rate leaves out the time of those full collections")
                .note("every record is also appended to .tern/metrics/calls.jsonl, rotated at 16 MiB with 4 older files kept")
                .build();
    }

    /** Records through a first tracker in a scratch folder, closed and deleted (a method of its own: no frame keeps it). */
    private static void warmUp(Instant now) throws java.io.IOException {
        Path scratch = Files.createTempDirectory("tern-bench-tracker-warm");
        try (PerfTracker warm = new PerfTracker(scratch, null, new Metrics(), PerfTracker.Options.DEFAULT)) {
            for (int i = 1; i <= WARM_UP; i++) warm.record(call(now, i));
        }
        Trees.delete(scratch);
    }

    private static CallRecord call(Instant now, int i) {
        return new CallRecord(now, "run-" + (i / 3), i % 2 == 0 ? "planner" : "coder", "session-" + (i / 100), "gpt-4o-mini",
                CallRecord.Source.PROVIDER, true, null, 400_000 + i % 1000, 1200, 180, 900, 0, 0.00031, 0, i % 3);
    }

    private static String growth(long bytes) { return String.format(Locale.ROOT, "%+.1f MiB over the heap with the ring buffer full", bytes / 1048576.0); }

    private static String mib(long bytes) { return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); }
}
