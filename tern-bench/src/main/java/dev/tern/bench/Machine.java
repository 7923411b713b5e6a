package dev.tern.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
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
