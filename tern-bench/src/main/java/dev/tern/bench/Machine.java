package dev.tern.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a benchmark ran on and how loaded it was: numbers from a busy machine are not comparable to a quiet one. */
public final class Machine {

    private Machine() { }

    /** CPU time a process has used so far, in ms (the kernel's 10 ms ticks), or -1 where the platform does not say. */
    static long cpuMillis(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /** The 1-minute load average, or -1 where the platform does not say. */
    public static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** "load 1.2 → 3.4 on 2 cores" for a run that started at {@code before}. */
    public static String loadNote(double before) {
        return String.format(Locale.ROOT, "machine load average (1 min) %.1f at the start, %.1f at the end, on %d cores",
                before, load(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * The processor the benchmark runs on, as the kernel names it ("AMD EPYC family 25 model 17"), or the JVM's
     * architecture where {@code /proc/cpuinfo} is not there. Recorded in every section's first line: absolute figures
     * belong to one processor, and a sandbox may be moved to another host between two runs (the fourteenth-session
     * bullet of BENCHMARKS-HISTORY.md: the same build and the same 2 cores, a 3.7 x faster core-speed probe).
     */
    public static String cpu() {
        try {
            return cpu(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    /** {@link #cpu()} from the lines of a {@code /proc/cpuinfo}. */
    static String cpu(List<String> cpuinfo) {
        String name = field(cpuinfo, "model name"), family = field(cpuinfo, "cpu family"), model = field(cpuinfo, "model");
        if (name == null) return System.getProperty("os.arch");
        return name + (family == null ? "" : " family " + family) + (model == null ? "" : " model " + model);
    }

    /** The first value of {@code key} in "key<tabs>: value" lines, or null. */
    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                String v = line.substring(colon + 1).strip().replaceAll("\\s+", " ");
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /** The benchmark JVM: version, GC and the flags it was started with. */
    public static String jvmNote() {
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) gcs.add(gc.getName());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog")).toList();
        return "client JVM: Java " + Runtime.version() + ", GC " + String.join("/", gcs) + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB" + (flags.isEmpty() ? "" : ", flags " + String.join(" ", flags));
    }
}
