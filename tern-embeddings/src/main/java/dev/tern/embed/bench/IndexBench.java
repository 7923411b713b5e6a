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
     * Two indexes over the same vectors, one searched with one thread and one with {@code threads}. Each step of the timed
     * loop runs every kind of search on both: a plain top-10, a filtered one and one among a user's ids, the two indexes
     * in alternating order, so every figure is timed in the same moments of a shared machine and none moves with its
     * slow stretches on its own (timed one after the other, seconds apart, the thread ratio moved between 0.50 and 0.79
     * in one run, and the filtered and among-ids figures, then timed in a block after the plain ones, 1.30-1.53 x while
     * the plain ones moved 1.21 x). The heap is measured once, with the one-thread index alone (the other holds the same).
     */
    public record Pair(Result one, Result many) {
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    /**
     * Plain and filtered searches before timing: after 50, the two-thread index's first hundred timed searches were still
     * ~10 % slower than its later ones.
     */
    private static final int WARM_UP = 150;
    /** Among-ids searches before timing: their own code path, compiled before it is timed. */
    private static final int WARM_UP_AMONG = 500;

    private IndexBench() {
    }

    /** One index alone, every kind of search timed in turn query by query. */
    public static Result run(int n, int dim, int threads, int queries) {
        Random r = new Random(5);
        Series series = new Series(build(entries(r, n, dim), dim, threads), threads, queries, user(r, n));
        series.warmUp(r, dim);
        for (int q = 0; q < queries; q++) {
            series.step(Samples.unitVector(r, dim), Samples.unitVector(r, dim), Samples.unitVector(r, dim));
        }
        return series.result(Samples.heapUsedMiB()); // measured with the index alive: the series still holds it
    }

    public static Pair runPair(int n, int dim, int threads, int queries) {
        Random r = new Random(5);
        List<VectorIndex.Entry> all = entries(r, n, dim);
        Set<Long> user = user(r, n);
        Series one = new Series(build(all, dim, 1), 1, queries, user);
        Series many = new Series(build(all, dim, threads), threads, queries, user);
        all = null;
        one.warmUp(r, dim);
        many.warmUp(r, dim);
        for (int q = 0; q < queries; q++) {
            float[] plain = Samples.unitVector(r, dim), filtered = Samples.unitVector(r, dim), among = Samples.unitVector(r, dim);
            if (q % 2 == 0) { // no local names either index: the heap below is measured with the one-thread index alone
                one.step(plain, filtered, among);
                many.step(plain, filtered, among);
            } else {
                many.step(plain, filtered, among);
                one.step(plain, filtered, among);
            }
        }
        Result manyResult = many.result(-1);
        many = null;
        long heap = Samples.heapUsedMiB();
        Result oneResult = one.result(heap);
        Reference.reachabilityFence(one); // the heap measured with this index alive
        return new Pair(oneResult, manyResult.withHeap(heap));
    }

    private record Built(VectorIndex index, int size, double ingestPerSecond) {
    }

    private static List<VectorIndex.Entry> entries(Random r, int n, int dim) {
        List<VectorIndex.Entry> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(new VectorIndex.Entry(i, Samples.unitVector(r, dim)));
        }
        return all;
    }

    /** One user's ids: 1 000 of the index's (all of them in a smaller one). */
    private static Set<Long> user(Random r, int n) {
        Set<Long> user = new HashSet<>();
        while (user.size() < Math.min(1000, n)) {
            user.add((long) r.nextInt(n));
        }
        return user;
    }

    private static Built build(List<VectorIndex.Entry> all, int dim, int threads) {
        VectorIndex index = new VectorIndex(dim, IndexOptions.defaults().withSearchThreads(threads));
        int n = all.size();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i += 1000) {
            index.addAll(all.subList(i, Math.min(n, i + 1000)));
        }
        return new Built(index, n, n / ((System.nanoTime() - t0) / 1e9));
    }

    /** The timed searches of one index: plain (wall and calling-thread CPU), filtered and among-ids. */
    private static final class Series {
        private static final LongPredicate TENTH = id -> id % 10 == 7;
        private final Built built;
        private final int threads;
        private final Set<Long> user;
        private final Samples search, searchCpu, filtered, among;
        private long reranked;

        Series(Built built, int threads, int queries, Set<Long> user) {
            this.built = built;
            this.threads = threads;
            this.user = user;
            this.search = new Samples(queries);
            this.searchCpu = new Samples(queries);
            this.filtered = new Samples(queries);
            this.among = new Samples(queries);
        }

        void warmUp(Random r, int dim) {
            VectorIndex index = built.index;
            for (int i = 0; i < WARM_UP; i++) {
                index.search(Samples.unitVector(r, dim), 10); // JIT the scan kernel
                index.search(Samples.unitVector(r, dim), 10, TENTH);
            }
            for (int i = 0; i < WARM_UP_AMONG; i++) {
                index.searchAmong(Samples.unitVector(r, dim), 10, user);
            }
        }

        /** One search of each kind; only the plain one counts towards the re-rank figure. */
        void step(float[] plain, float[] tenth, float[] ofUser) {
            VectorIndex index = built.index;
            long before = index.stats().reranked();
            long c = CPU.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            index.search(plain, 10);
            search.add(System.nanoTime() - s);
            searchCpu.add(CPU.getCurrentThreadCpuTime() - c);
            reranked += index.stats().reranked() - before;
            s = System.nanoTime();
            index.search(tenth, 10, TENTH);
            filtered.add(System.nanoTime() - s);
            s = System.nanoTime();
            index.searchAmong(ofUser, 10, user);
            among.add(System.nanoTime() - s);
        }

        Result result(long heapMiB) {
            return new Result(built.size, built.index.dimension(), threads, built.ingestPerSecond, search, filtered, among,
                    reranked / (double) search.count(), built.index.memoryBytes() >> 20, heapMiB, searchCpu);
        }
    }
}
