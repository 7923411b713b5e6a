package dev.tern.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How fast a core of this machine runs right now: the thread CPU a fixed piece of work (20 passes of a multiply-xor
 * hash over 64 KB, in L2) takes, measured between the batches of a benchmark.
 *
 * <p>Why: on this shared VM the same work's CPU time is not constant. A single thread hashing the same buffer took
 * 225-390 ms of its own CPU per repetition over one minute with nothing else running (the host's other tenants share
 * the physical cores), in stretches of seconds to tens of seconds. So a CPU-per-call figure measured a few minutes
 * later can differ by a fifth with nothing changed in the code. The reports record the probe as a note on the machine's
 * state. It is not used to correct the figures: scaling CPU by it (tried in the fifth session) fixed only the part of
 * the drift a core-bound loop sees; across hours the memory-heavy request path drifted more than the probe (CPU per
 * overhead round trip ×0.58, probe ×0.86). The yardstick that does cancel the drift is the {@linkplain FloorClient
 * floor}, measured in the same rounds.
 */
final class CoreSpeed {

    /**
     * A measured round whose probe took more than this times the fastest probe of the run ran while the cores were slow
     * (another tenant's stretch): {@link #slow(double)}.
     */
    static final double SLOW = 1.12;

    private final byte[] buffer = new byte[1 << 16];
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long sink;
    private double fastest = Double.MAX_VALUE;

    /** Compiles the probe before its first measurement. */
    CoreSpeed() {
        for (int i = 0; i < 400; i++) sink += pass();
    }

    /** The probe's thread CPU in ms, on the calling platform thread (run it while the benchmark's threads are idle). */
    double probeMillis() {
        long c0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 20; i++) sink += pass();
        double ms = (threads.getCurrentThreadCpuTime() - c0) / 1e6 + (sink == 42 ? 1e-9 : 0); // sink read: the work is not dead
        fastest = Math.min(fastest, ms);
        return ms;
    }

    /** The fastest probe so far in this run (warm-up included). */
    double fastestMillis() { return fastest; }

    /**
     * Whether a probe of {@code ms} says the cores ran slow: more than {@value #SLOW} times the fastest probe of the run.
     * The bench repeats such a round rather than mixing it into the medians; a run that is slow throughout repeats
     * nothing (its fastest probe is slow too) and its absolute figures are slow, its ratios to the floor are not.
     */
    boolean slow(double ms) { return ms > SLOW * fastest; }

    /** For report notes: what the probe measured over a run. */
    static String note(Spread probes) {
        return "core speed: a fixed probe took " + probes.format("%.1f", " ms") + " of thread CPU around the measured batches"
                + " (on a shared VM the same work varies by up to ±25 % over a minute and by more across hours, and another"
                + " processor runs it at another speed, so absolute CPU figures move with it: compare the ratios to the floor"
                + " between runs)";
    }

    private long pass() {
        long h = 1;
        byte[] b = buffer;
        for (int r = 0; r < 8; r++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (b[i] * 31 + i + h);
                h = h * 1099511628211L ^ b[i];
            }
        }
        return h;
    }
}
