package dev.tern.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How fast this machine's memory answers right now: the thread CPU of a fixed chain of dependent reads through a buffer
 * far larger than the caches (a pointer chase over one random cycle), measured between the batches of a benchmark,
 * beside {@link CoreSpeed}'s compute loop.
 *
 * <p>Why: in the twelfth session the JDK HttpClient's CPU per call at 10 000 tasks (a client that allocates and collects
 * ~300 MiB per batch) was 25 % apart in two runs whose compute probe read the same 61-63 ms. The stretches that slow
 * memory-heavy work are not the ones that slow a loop in L2. This probe is recorded so the next runs can show whether
 * it tells them apart; nothing is repeated or scaled by it yet. The embeddings and memory scenarios record it too
 * ({@link MachineProbes}): the ONNX model's CPU per text followed it more than the core-speed probe.
 */
final class MemorySpeed {

    /** Ints in the default buffer: 64 MiB, beyond any last-level cache of this class of machine. */
    static final int DEFAULT_INTS = 16 << 20;
    private static final int STEPS = 400_000;

    private final int[] next;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private int at;

    MemorySpeed() { this(DEFAULT_INTS); }

    /** A single random cycle through {@code ints} slots (Sattolo's shuffle, fixed seed: the same chain every run). */
    MemorySpeed(int ints) {
        next = new int[ints];
        for (int i = 0; i < ints; i++) next[i] = i;
        SplittableRandom random = new SplittableRandom(42);
        for (int i = ints - 1; i > 0; i--) {
            int j = random.nextInt(i);
            int t = next[i];
            next[i] = next[j];
            next[j] = t;
        }
        for (int i = 0; i < 5; i++) chase(STEPS); // compiled before its first measurement
    }

    /** The probe's thread CPU in ms, on the calling platform thread (run it while the benchmark's threads are idle). */
    double probeMillis() {
        long c0 = threads.getCurrentThreadCpuTime();
        chase(STEPS);
        return (threads.getCurrentThreadCpuTime() - c0) / 1e6;
    }

    /** Follows the cycle {@code steps} times from where the last chase stopped; returns where it is now. */
    int chase(int steps) {
        int p = at;
        int[] n = next;
        for (int i = 0; i < steps; i++) p = n[p];
        at = p;
        return p;
    }

    /** For report notes: what the probe measured over a run. */
    static String note(Spread probes) {
        return String.format(Locale.ROOT, "memory speed: %d dependent reads over %d MiB took ", STEPS, DEFAULT_INTS * 4L >> 20)
                + probes.format("%.1f", " ms") + " of thread CPU around the measured batches (recorded beside the core-speed"
                + " probe: memory-heavy clients drifted between runs while the core-speed probe did not; nothing is scaled by it)";
    }
}
