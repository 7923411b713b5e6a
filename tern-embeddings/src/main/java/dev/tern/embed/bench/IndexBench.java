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

        Result withHeap(long mib) {
            return new Result(vectors, dim, threads, ingestPerSecond, search, filtered, among, rerankedPerSearch, indexMiB, mib,
                    searchCpu);
        }

        public String report() {
            return String.format("index %d x %d, %d thread(s) | ingest %.0f vectors/s | search p50 %.2f ms p99 %.2f ms (caller CPU p50 %.2f ms)"
                            + " | 10%% filter p50 %.2f ms | among 1000 ids p50 %.3f ms | %.1f re-ranked/search | index %d MiB | heap %d MiB",
                    vectors, dim, threads, ingestPerSecond, search.p50(), search.p99(), searchCpu.p50(), filtered.p50(), among.p50(),
                    rerankedPerSearch, indexMiB, heapMiB);
        }
    }

    /**
     * Two indexes over the same vectors, one searched with one thread and one with {@code threads}: each query goes to
     * both, in alternating order, so the two are timed in the same moments of a shared machine and their ratio does not
     * move with its slow stretches (timed one after the other, seconds apart, it moved between 0.50 and 0.79 in one
     * run). Filtered and among-ids searches follow on each index alone; the heap is measured once, with the one-thread
     * index alone (the other holds the same).
     */
    public record Pair(Result one, Result many) {
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /**
     * Searches before timing: after 50, the two-thread index's first hundred timed searches were still ~10 % slower than
     * its later ones.
     */
    private static final int WARM_UP = 150;

    private IndexBench() {
    }

    public static Result run(int n, int dim, int threads, int queries) {
        Random r = new Random(5);
        List<VectorIndex.Entry> all = entries(r, n, dim);
        Built built = build(all, dim, threads);
        all = null;
        built = warmUp(built, r, dim);
        Samples search = new Samples(queries), searchCpu = new Samples(queries);
        for (int q = 0; q < queries; q++) {
            timeSearch(built.index, Samples.unitVector(r, dim), search, searchCpu);
        }
        Result result = rest(built, r, dim, threads, queries, search, searchCpu, Samples.heapUsedMiB());
        Reference.reachabilityFence(built.index); // measured with the index alive
        return result;
    }

    public static Pair runPair(int n, int dim, int threads, int queries) {
        Random r = new Random(5);
        List<VectorIndex.Entry> all = entries(r, n, dim);
        Built one = build(all, dim, 1);
        Built many = build(all, dim, threads);
        all = null;
        one = warmUp(one, r, dim);
        many = warmUp(many, r, dim);
        Samples oneSearch = new Samples(queries), oneCpu = new Samples(queries);
        Samples manySearch = new Samples(queries), manyCpu = new Samples(queries);
        for (int q = 0; q < queries; q++) {
            float[] query = Samples.unitVector(r, dim);
            if (q % 2 == 0) {
                timeSearch(one.index, query, oneSearch, oneCpu);
                timeSearch(many.index, query, manySearch, manyCpu);
            } else {
                timeSearch(many.index, query, manySearch, manyCpu);
                timeSearch(one.index, query, oneSearch, oneCpu);
            }
        }
        Result manyResult = rest(many, r, dim, threads, queries, manySearch, manyCpu, -1);
        many = null;
        long heap = Samples.heapUsedMiB();
        Result oneResult = rest(one, r, dim, 1, queries, oneSearch, oneCpu, heap);
        Reference.reachabilityFence(one.index); // the heap measured with this index alive
        return new Pair(oneResult, manyResult.withHeap(heap));
    }

    private record Built(VectorIndex index, int size, double ingestPerSecond, long rerankedBefore) {
    }

    private static List<VectorIndex.Entry> entries(Random r, int n, int dim) {
        List<VectorIndex.Entry> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new VectorIndex.Entry(i, Samples.unitVector(r, dim)));
        }
        return all;
    }

    private static Built build(List<VectorIndex.Entry> all, int dim, int threads) {
        VectorIndex index = new VectorIndex(dim, IndexOptions.defaults().withSearchThreads(threads));
        int n = all.size();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 1000) {
            index.addAll(all.subList(i, Math.min(n, i + 1000)));
        }
        return new Built(index, n, n / ((System.nanoTime() - t0) / 1e9), 0);
    }

    /** The index after its warm-up searches, with the re-rank count they left. */
    private static Built warmUp(Built built, Random r, int dim) {
        for (int i = 0; i < WARM_UP; i++) {
            built.index.search(Samples.unitVector(r, dim), 10); // JIT the scan kernel
        }
        return new Built(built.index, built.size, built.ingestPerSecond, built.index.stats().reranked());
    }

    private static void timeSearch(VectorIndex index, float[] query, Samples wall, Samples cpu) {
        long c = CPU.getCurrentThreadCpuTime();
        long s = System.nanoTime();
        index.search(query, 10);
        wall.add(System.nanoTime() - s);
        cpu.add(CPU.getCurrentThreadCpuTime() - c);
    }

    /** Filtered and among-ids searches on one index, after its timed plain searches. */
    private static Result rest(Built built, Random r, int dim, int threads, int queries, Samples search, Samples searchCpu,
                               long heapMiB) {
        VectorIndex index = built.index;
        int n = built.size;
        double reranked = (index.stats().reranked() - built.rerankedBefore) / (double) queries;
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
        return new Result(n, dim, threads, built.ingestPerSecond, search, filtered, among, reranked, index.memoryBytes() >> 20,
                heapMiB, searchCpu);
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
