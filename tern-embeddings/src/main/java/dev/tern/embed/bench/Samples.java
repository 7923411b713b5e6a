package dev.tern.embed.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

/** Latency samples and the few statistics the benchmarks report; deterministic synthetic texts. */
public final class Samples {

    private final long[] nanos;
    private int n;

    public Samples(int capacity) {
        nanos = new long[capacity];
    }

    public void add(long elapsedNanos) {
        if (n < nanos.length) {
            nanos[n++] = elapsedNanos;
        }
    }

    /** The p-th percentile in milliseconds (nearest rank). */
    public double percentileMillis(double p) {
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1e6;
    }

    public double p50() {
        return percentileMillis(50);
    }

    public double p99() {
        return percentileMillis(99);
    }

    public int count() {
        return n;
    }

    /** Heap in use after a full collection, in MiB. */
    public static long heapUsedMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static final String[] SUBJECTS = {"The user", "My manager", "The customer", "Our team", "The new intern",
        "The database", "The release", "The weekly report", "The build server", "My sister"};
    private static final String[] VERBS = {"prefers", "needs", "asked about", "complained about", "scheduled",
        "wants to migrate", "forgot", "reviewed", "cancelled", "approved"};
    private static final String[] OBJECTS = {"dark roast coffee", "the quarterly sales figures", "a refund for order",
        "the flight to Tokyo", "short answers with code examples", "the PostgreSQL cluster", "the onboarding checklist",
        "vegetarian recipes", "the Kubernetes upgrade", "a meeting on Thursday", "the tax return", "the hiking trip"};
    private static final String[] TAILS = {"before the end of the month", "because the old one failed",
        "in the morning", "with the marketing team", "as soon as possible", "after the incident review", "", ""};

    /** A deterministic, varied English sentence; {@code i} makes it unique. */
    public static String sentence(Random r, int i) {
        return SUBJECTS[r.nextInt(SUBJECTS.length)] + " " + VERBS[r.nextInt(VERBS.length)] + " "
                + OBJECTS[r.nextInt(OBJECTS.length)] + " " + TAILS[r.nextInt(TAILS.length)] + " (#" + i + ")";
    }

    /** A random unit vector. */
    public static float[] unitVector(Random r, int dim) {
        float[] v = new float[dim];
        double s = 0;
        for (int j = 0; j < dim; j++) {
            v[j] = (float) r.nextGaussian();
            s += (double) v[j] * v[j];
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int j = 0; j < dim; j++) {
            v[j] *= inv;
        }
        return v;
    }
}
