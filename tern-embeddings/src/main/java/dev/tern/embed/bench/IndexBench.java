package dev.tern.embed.bench;

import dev.tern.embed.index.IndexOptions;
import dev.tern.embed.index.VectorIndex;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/** The vector index alone: batched ingest, top-10 search, filtered search, memory. */
public final class IndexBench {

    /**
     * @param vectors           vectors indexed
     * @param dim               their dimension
     * @param threads           parts a scan is split into
     * @param ingestPerSecond   batched adds (1 000 per call)
     * @param search            top-10 over everything
     * @param filtered          top-10 among a tenth of the ids (a predicate)
     * @param among             top-10 among 1 000 listed ids (one user's memories)
     * @param rerankedPerSearch float re-ranks per search (the candidates the int8 bound let through)
     * @param indexMiB          what the index reports holding
     * @param heapMiB           heap in use after GC with the index built
     * @param searchCpu         CPU time of the calling thread per search (the whole scan when threads = 1)
     */
    public record Result(int vectors, int dim, int threads, double ingestPerSecond, Samples search, Samples filtered,
                         Samples among, double rerankedPerSearch, long indexMiB, long heapMiB, Samples searchCpu) {

        public String report() {
            return String.format("index %d x %d, %d thread(s) | ingest %.0f vectors/s | search p50 %.2f ms p99 %.2f ms (caller CPU p50 %.2f ms)"
                            + " | 10%% filter p50 %.2f ms | among 1000 ids p50 %.3f ms | %.1f re-ranked/search | index %d MiB | heap %d MiB",
                    vectors, dim, threads, ingestPerSecond, search.p50(), search.p99(), searchCpu.p50(), filtered.p50(), among.p50(),
                    rerankedPerSearch, indexMiB, heapMiB);
        }
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private IndexBench() {
    }

    public static Result run(int n, int dim, int threads, int queries) {
        Random r = new Random(5);
        VectorIndex index = new VectorIndex(dim, IndexOptions.defaults().withSearchThreads(threads));
        List<VectorIndex.Entry> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new VectorIndex.Entry(i, Samples.unitVector(r, dim)));
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 1000) {
            index.addAll(all.subList(i, Math.min(n, i + 1000)));
        }
        double ingest = n / ((System.nanoTime() - t0) / 1e9);
        all = null;
        for (int i = 0; i < 50; i++) {
            index.search(Samples.unitVector(r, dim), 10); // warm-up: JIT the scan kernel
        }
        long rerankedBefore = index.stats().reranked();
        Samples searchCpu = new Samples(queries);
        Samples search = measure(queries, r, dim, q -> {
            long c = CPU.getCurrentThreadCpuTime();
            index.search(q, 10);
            searchCpu.add(CPU.getCurrentThreadCpuTime() - c);
        });
        double reranked = (index.stats().reranked() - rerankedBefore) / (double) queries;
        LongPredicate tenth = id -> id % 10 == 7;
        Samples filtered = measure(queries, r, dim, q -> index.search(q, 10, tenth));
        Set<Long> user = new HashSet<>();
        while (user.size() < Math.min(1000, n)) {
            user.add((long) r.nextInt(n));
        }
        for (int i = 0; i < 500; i++) {
            index.searchAmong(Samples.unitVector(r, dim), 10, user); // warm-up: its own code path, compiled before it is timed
        }
        Samples among = measure(queries, r, dim, q -> index.searchAmong(q, 10, user));
        long heap = Samples.heapUsedMiB();
        Reference.reachabilityFence(index); // measured with the index alive
        return new Result(n, dim, threads, ingest, search, filtered, among, reranked, index.memoryBytes() >> 20, heap, searchCpu);
    }

    private static Samples measure(int queries, Random r, int dim, Consumer<float[]> search) {
        Samples samples = new Samples(queries);
        for (int q = 0; q < queries; q++) {
            float[] query = Samples.unitVector(r, dim);
            long s = System.nanoTime();
            search.accept(query);
            samples.add(System.nanoTime() - s);
        }
        return samples;
    }
}
