package dev.tern.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a JVM's threads, from Linux's per-thread accounting: {@code /proc/<pid>/task/<tid>/schedstat}, the
 * scheduler's own nanosecond clock. Two things the process-wide figures could not give:
 * <ul>
 *   <li><b>Resolution.</b> {@code getProcessCpuTime} and {@code ProcessHandle} count in clock ticks of 10 ms, which is
 *   ±5 % of the 200 ms a 1 000-task batch costs the client.</li>
 *   <li><b>The JIT compiler threads apart.</b> A batch of a second includes whatever C2 happened to compile in that
 *   second: 50-150 ms more or less from one JVM run to the next. Reporting the CPU with and without the compilers
 *   makes the work of the calls themselves comparable between runs.</li>
 * </ul>
 * A thread that ends between two snapshots loses what it used after the first one (a JVM's threads live as long as
 * its pools; compiler threads the JVM retires when idle are the usual case). Without {@code /proc} (not Linux) the
 * snapshot holds the process total from {@link ProcessHandle} and no compiler figure.
 */
final class TaskCpu {

    /** CPU so far: per thread id {@code {nanos, 1 if a compiler thread}}, or only {@code fallbackNanos}. */
    record Snapshot(Map<String, long[]> byThread, long fallbackNanos) {

        /** CPU of all threads present in the later snapshot since this one, in ms. */
        long millisSince(Snapshot before) { return nanosSince(before, false) / 1_000_000; }

        /** Of that, the JIT compiler threads' CPU, in ms (0 without {@code /proc}). */
        long compilerMillisSince(Snapshot before) { return nanosSince(before, true) / 1_000_000; }

        long nanosSince(Snapshot before, boolean compilersOnly) {
            if (byThread.isEmpty() || before.byThread.isEmpty()) return compilersOnly ? 0 : fallbackNanos - before.fallbackNanos;
            long sum = 0;
            for (Map.Entry<String, long[]> e : byThread.entrySet()) {
                if (compilersOnly && e.getValue()[1] == 0) continue;
                long[] was = before.byThread.get(e.getKey());
                sum += Math.max(0, e.getValue()[0] - (was == null ? 0 : was[0]));
            }
            return sum;
        }
    }

    private TaskCpu() { }

    static Snapshot now() { return of(ProcessHandle.current().pid()); }

    /** The threads of another process of this user (a JVM the bench started). */
    static Snapshot of(long pid) {
        long fallback = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(d -> d.toNanos()).orElse(0L);
        Map<String, long[]> out = new HashMap<>();
        Path tasksDir = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasksDir)) return new Snapshot(out, fallback);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(tasksDir)) {
            for (Path t : tasks) {
                String schedstat, comm;
                try {
                    schedstat = Files.readString(t.resolve("schedstat"));
                    comm = Files.readString(t.resolve("comm"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int space = schedstat.indexOf(' ');
                long nanos = Long.parseLong(space < 0 ? schedstat.strip() : schedstat.substring(0, space));
                out.put(t.getFileName().toString(), new long[] {nanos, comm.contains("CompilerThre") ? 1 : 0});
            }
        } catch (IOException | RuntimeException e) {
            return new Snapshot(Map.of(), fallback);
        }
        return new Snapshot(out, fallback);
    }
}
