package dev.tern.bench;

import dev.tern.memory.LongTermMemory;
import java.util.Locale;
import java.util.Random;

/**
 * The recall {@code tern serve} makes: a gateway request runs its turn on a virtual thread of its own, so the query
 * embedding is asked for from one, where {@code tern run} asks from the main (platform) thread. Timed in blocks of
 * {@value #BLOCK} new queries, main thread and virtual threads taking turns, so both see the same minutes of the shared
 * cores and the ratio of their medians is a same-round row. Blocks, not pairs: a recall right after one on the other
 * thread starts with the other core's caches (in pairs every recall read 1.3-1.5 ms slower, on either side).
 */
final class VirtualThreadRecall {

    static final int BLOCK = 25;

    private VirtualThreadRecall() { }

    /** After {@code MemoryBench}'s timed recalls: the index, the model and the JIT are warm. */
    static void measure(LongTermMemory lt, int perSide, int people, BenchReport.Builder b) throws InterruptedException {
        Random r = new Random(7919);   // its own queries: the other rows' draws stay what they were
        long[][] times = new long[2][perSide];
        int[] filled = new int[2];
        long[] slot = new long[1];
        for (int k = 0; k < 2 * perSide; k++) {
            int side = (k / BLOCK) % 2;
            if (filled[side] == perSide) side = 1 - side;
            String text = MemoryBenchData.question(3_000_000 + k, people, r);
            if (side == 0) {
                long s = System.nanoTime();
                lt.recall(text, true);
                times[0][filled[0]++] = System.nanoTime() - s;
            } else {
                // one new virtual thread per recall, as per request; timed inside it: its start and the join are not the recall's
                Thread.ofVirtual().start(() -> {
                    long s = System.nanoTime();
                    lt.recall(text, true);
                    slot[0] = System.nanoTime() - s;
                }).join();
                times[1][filled[1]++] = slot[0];
            }
        }
        double p50Main = MemoryBenchData.pct(times[0], 50), p50Virtual = MemoryBenchData.pct(times[1], 50);
        b.row("recall p50 from a virtual thread (a tern serve request), " + perSide + " new queries in blocks of " + BLOCK
                        + " taking turns with the main thread",
                MemoryBenchData.ms(p50Virtual) + " (p99 " + MemoryBenchData.ms(MemoryBenchData.pct(times[1], 99)) + "; main thread "
                        + MemoryBenchData.ms(p50Main) + ")", "≤ 5 ms", p50Virtual <= 5);
        b.row("recall p50, virtual / main thread, same rounds", String.format(Locale.ROOT, "%.2f", p50Virtual / p50Main));
    }
}
