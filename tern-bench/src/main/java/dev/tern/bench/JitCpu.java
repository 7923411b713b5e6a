package dev.tern.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's JIT compiler threads, from Linux's per-thread accounting ({@code /proc/self/task/<tid>/stat},
 * clock ticks of 10 ms). A CPU-per-call figure measured over a batch of a second includes whatever C2 happened to
 * compile in that second: 50-150 ms more or less from one JVM run to the next, which moved the client's CPU per call
 * in a 1 000-task batch by a third between runs. Reporting the process CPU both with and without the compilers makes
 * the work of the calls themselves comparable between runs. Elsewhere (no {@code /proc}) it reads 0.
 */
final class JitCpu {

    private static final long MILLIS_PER_TICK = 10; // USER_HZ is 100 on every Linux this runs on

    /** Compiler threads' CPU so far, per thread id (threads come and go: deltas are taken per thread). */
    record Snapshot(Map<String, Long> millisByThread) {
        /** CPU the compiler threads present in both snapshots used in between. */
        long millisSince(Snapshot before) {
            if (before.millisByThread.isEmpty()) return 0; // nothing to compare with (no /proc, or it could not be read)
            long sum = 0;
            for (Map.Entry<String, Long> e : millisByThread.entrySet()) {
                Long was = before.millisByThread.get(e.getKey());
                sum += Math.max(0, e.getValue() - (was == null ? 0 : was));
            }
            return sum;
        }
    }

    private JitCpu() { }

    static Snapshot now() { return of(ProcessHandle.current().pid()); }

    /** The compiler threads of another process of this user (a JVM the bench started). */
    static Snapshot of(long pid) {
        Map<String, Long> out = new HashMap<>();
        Path tasksDir = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasksDir)) return new Snapshot(out);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(tasksDir)) {
            for (Path t : tasks) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                int open = stat.indexOf('('), close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).contains("CompilerThre")) continue;
                // after "(comm) ": state(3) ... utime(14) stime(15), counted from field 3 at index 0
                String[] f = stat.substring(close + 2).split(" ");
                out.put(t.getFileName().toString(), (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK);
            }
        } catch (IOException | RuntimeException e) {
            return new Snapshot(Map.of());
        }
        return new Snapshot(out);
    }
}
