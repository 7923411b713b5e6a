package dev.tern.embed.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    static float[] gaussian(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / Math.sqrt(s));
        }
        return u;
    }

    /** The reference: every vector scored in double precision, sorted. */
    static List<SearchHit> bruteForce(List<float[]> vectors, List<Long> ids, float[] query, int k, LongPredicate filter) {
        float[] q = unit(query);
        List<SearchHit> all = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (filter != null && !filter.test(ids.get(i))) {
                continue;
            }
            float[] v = unit(vectors.get(i));
            double dot = 0;
            for (int j = 0; j < q.length; j++) {
                dot += (double) q[j] * v[j];
            }
            all.add(new SearchHit(ids.get(i), (float) dot));
        }
        all.sort(Comparator.comparingDouble((SearchHit h) -> -h.score()).thenComparingLong(SearchHit::id));
        return all.subList(0, Math.min(k, all.size()));
    }

    /** Same ids in the same order, except where two scores are equal within float rounding. */
    static void assertSameTopK(List<SearchHit> actual, List<SearchHit> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).score()).isCloseTo(expected.get(i).score(), within(2e-5f));
        }
        float cut = expected.getLast().score();
        Set<Long> exp = new HashSet<>();
        Set<Long> act = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i).score() > cut + 2e-5f) {
                exp.add(expected.get(i).id());
            }
            if (actual.get(i).score() > cut + 2e-5f) {
                act.add(actual.get(i).id());
            }
        }
        assertThat(act).isEqualTo(exp);
    }

    record Data(VectorIndex index, List<float[]> vectors, List<Long> ids) {
    }

    static Data randomData(Random r, int n, int dim, IndexOptions options) {
        VectorIndex index = new VectorIndex(dim, options);
        List<float[]> vectors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<VectorIndex.Entry> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = gaussian(r, dim);
            long id = 1_000_000L + i * 7L;
            vectors.add(v);
            ids.add(id);
            batch.add(new VectorIndex.Entry(id, v));
        }
        index.addAll(batch);
        return new Data(index, vectors, ids);
    }

    @Test
    void topKIsExactlyTheBruteForceTopKOnRandomData() {
        Random r = new Random(1);
        for (int dim : new int[] {16, 384}) {
            Data d = randomData(r, 3000, dim, IndexOptions.defaults());
            for (int t = 0; t < 40; t++) {
                float[] q = gaussian(r, dim);
                int k = 1 + r.nextInt(25);
                assertSameTopK(d.index().search(q, k), bruteForce(d.vectors(), d.ids(), q, k, null));
            }
        }
    }

    @Test
    void topKIsExactOnClusteredDataWithNearDuplicates() {
        Random r = new Random(2);
        int dim = 384;
        VectorIndex index = new VectorIndex(dim);
        List<float[]> vectors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<float[]> centres = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            centres.add(gaussian(r, dim));
        }
        for (int i = 0; i < 4000; i++) {
            float[] c = centres.get(i % 20);
            float[] v = new float[dim];
            float noise = i % 3 == 0 ? 0.001f : 0.3f; // many near-duplicates: the int8 bounds overlap
            for (int j = 0; j < dim; j++) {
                v[j] = c[j] + noise * (float) r.nextGaussian();
            }
            vectors.add(v);
            ids.add((long) i);
            index.add(i, v);
        }
        for (int t = 0; t < 30; t++) {
            float[] q = vectors.get(r.nextInt(vectors.size())).clone();
            q[r.nextInt(dim)] += 0.05f;
            assertSameTopK(index.search(q, 10), bruteForce(vectors, ids, q, 10, null));
        }
        assertThat(index.stats().reranked()).isGreaterThan(0);
    }

    @Test
    void splittingTheScanOverThreadsGivesTheSameResults() {
        Random r = new Random(3);
        IndexOptions parallel = IndexOptions.defaults().withSearchThreads(3).withParallelThreshold(0);
        Data d = randomData(new Random(4), 5000, 64, parallel);
        VectorIndex single = new VectorIndex(64, IndexOptions.defaults().withSearchThreads(1));
        for (int i = 0; i < d.ids().size(); i++) {
            single.add(d.ids().get(i), d.vectors().get(i));
        }
        for (int t = 0; t < 20; t++) {
            float[] q = gaussian(r, 64);
            assertThat(d.index().search(q, 15)).isEqualTo(single.search(q, 15));
        }
    }

    @Test
    void aFilterRestrictsTheResultsAndStaysExact() {
        Random r = new Random(5);
        Data d = randomData(r, 4000, 48, IndexOptions.defaults());
        LongPredicate userA = id -> (id / 7) % 10 == 3; // one user's memories: a tenth of the index
        for (int t = 0; t < 20; t++) {
            float[] q = gaussian(r, 48);
            List<SearchHit> hits = d.index().search(q, 8, userA);
            assertThat(hits).allSatisfy(h -> assertThat(userA.test(h.id())).isTrue());
            assertSameTopK(hits, bruteForce(d.vectors(), d.ids(), q, 8, userA));
        }
        assertThat(d.index().search(gaussian(r, 48), 5, id -> false)).isEmpty();
    }

    @Test
    void searchAmongAFewIdsComparesOnlyThoseAndAManyIdsFilterTheScan() {
        Random r = new Random(6);
        Data d = randomData(r, 4000, 32, IndexOptions.defaults());
        Set<Long> few = new HashSet<>(d.ids().subList(100, 130));
        few.add(-1L); // unknown ids are ignored
        Set<Long> many = new HashSet<>(d.ids().subList(0, 2000));
        float[] q = gaussian(r, 32);
        long scannedBefore = d.index().stats().scanned();
        assertSameTopK(d.index().searchAmong(q, 5, few), bruteForce(d.vectors(), d.ids(), q, 5, few::contains));
        assertThat(d.index().stats().scanned()).isEqualTo(scannedBefore);
        assertSameTopK(d.index().searchAmong(q, 5, many), bruteForce(d.vectors(), d.ids(), q, 5, many::contains));
        assertThat(d.index().stats().scanned()).isGreaterThan(scannedBefore);
    }

    @Test
    void searchAmongAnArrayOfIdsRanksExactlyThoseOnceEach() {
        Random r = new Random(8);
        Data d = randomData(r, 3000, 32, IndexOptions.defaults());
        long[] ids = new long[400];
        Set<Long> chosen = new HashSet<>();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 50 == 0 ? -7L : d.ids().get(r.nextInt(d.ids().size())); // repeats and an unknown id
            chosen.add(ids[i]);
        }
        float[] q = gaussian(r, 32);
        long scannedBefore = d.index().stats().scanned();
        assertSameTopK(d.index().searchAmong(q, 10, ids), bruteForce(d.vectors(), d.ids(), q, 10, chosen::contains));
        List<SearchHit> all = d.index().searchAmong(q, ids.length, ids);
        assertThat(all).extracting(SearchHit::id).doesNotHaveDuplicates().doesNotContain(-7L);
        assertThat(all).hasSize((int) chosen.stream().filter(id -> id != -7L).count());
        assertThat(d.index().stats().scanned()).isEqualTo(scannedBefore);
        assertThat(d.index().searchAmong(q, 3, new long[0])).isEmpty();
    }

    @Test
    void theReRankOfListedIdsScoresToTheBitAsTheScanDoes() {
        for (int dim : new int[] {384, 37}) {          // the model's size, and one that leaves a tail after the 8-wide steps
            Random r = new Random(dim);
            Data d = randomData(r, 2000, dim, IndexOptions.defaults());
            for (int t = 0; t < 5; t++) {
                float[] q = gaussian(r, dim);
                List<SearchHit> scanned = d.index().search(q, 11, id -> true);   // an odd count: the pairwise re-rank's last one alone
                long[] ids = scanned.stream().mapToLong(SearchHit::id).toArray();
                assertThat(d.index().searchAmong(q, ids.length, ids)).containsExactlyElementsOf(scanned);
            }
        }
    }

    @Test
    void addReplaceAndRemoveKeepTheIndexConsistent() {
        Random r = new Random(7);
        VectorIndex index = new VectorIndex(24);
        List<float[]> vectors = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            float[] v = gaussian(r, 24);
            index.add(i, v);
            vectors.add(v);
            ids.add((long) i);
        }
        // replace 100 vectors in place
        for (int i = 0; i < 100; i++) {
            float[] v = gaussian(r, 24);
            index.add(i * 3, v);
            vectors.set(i * 3, v);
        }
        assertThat(index.size()).isEqualTo(1500);
        // remove every other one, including the last slots and the first
        List<Long> gone = new ArrayList<>();
        for (long i = 0; i < 1500; i += 2) {
            gone.add(i);
        }
        assertThat(index.removeAll(gone)).isEqualTo(750);
        assertThat(index.remove(0)).isFalse();
        assertThat(index.size()).isEqualTo(750);
        List<float[]> keptVectors = new ArrayList<>();
        List<Long> keptIds = new ArrayList<>();
        for (int i = 1; i < 1500; i += 2) {
            keptVectors.add(vectors.get(i));
            keptIds.add((long) i);
        }
        for (int t = 0; t < 20; t++) {
            float[] q = gaussian(r, 24);
            List<SearchHit> hits = index.search(q, 20);
            assertThat(hits).noneMatch(h -> h.id() % 2 == 0);
            assertSameTopK(hits, bruteForce(keptVectors, keptIds, q, 20, null));
        }
        assertThat(index.vector(3)).hasValueSatisfying(v -> assertThat(v).containsExactly(unit(vectors.get(3)), within(1e-6f)));
        assertThat(index.vector(4)).isEmpty();
        assertThat(index.contains(5)).isTrue();
        assertThat(index.contains(6)).isFalse();
        long before = index.memoryBytes();
        index.removeAll(keptIds);
        assertThat(index.size()).isZero();
        assertThat(index.memoryBytes()).isLessThan(before);
        assertThat(index.search(gaussian(r, 24), 3)).isEmpty();
    }

    @Test
    void kLargerThanTheIndexReturnsEverythingBestFirst() {
        VectorIndex index = new VectorIndex(3);
        index.add(1, new float[] {1, 0, 0});
        index.add(2, new float[] {0, 1, 0});
        index.add(3, new float[] {1, 1, 0});
        List<SearchHit> hits = index.search(new float[] {2, 0, 0}, 10);
        assertThat(hits).extracting(SearchHit::id).containsExactly(1L, 3L, 2L);
        assertThat(hits.getFirst().score()).isEqualTo(1f);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        VectorIndex index = new VectorIndex(4);
        assertThatThrownBy(() -> index.add(1, new float[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 components");
        assertThatThrownBy(() -> index.add(1, new float[] {1, Float.NaN, 0, 0})).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> index.search(new float[4], 0)).hasMessageContaining("k must be");
        // a batch with one bad vector stores none of it
        assertThatThrownBy(() -> index.addAll(List.of(new VectorIndex.Entry(1, new float[] {1, 0, 0, 0}),
                new VectorIndex.Entry(2, new float[] {1})))).isInstanceOf(IllegalArgumentException.class);
        assertThat(index.size()).isZero();
    }

    @Test
    void searchesRunWhileVectorsAreAdded() throws Exception {
        Random r = new Random(8);
        VectorIndex index = new VectorIndex(32, IndexOptions.defaults().withParallelThreshold(0));
        for (int i = 0; i < 2000; i++) {
            index.add(i, gaussian(r, 32));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = pool.submit(() -> {
                Random w = new Random(9);
                for (int i = 2000; i < 6000; i++) {
                    index.add(i, gaussian(w, 32));
                    if (i % 3 == 0) {
                        index.remove(i - 1000);
                    }
                }
            });
            List<Future<List<SearchHit>>> readers = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                float[] q = gaussian(r, 32);
                readers.add(pool.submit(() -> index.search(q, 10)));
            }
            writer.get();
            for (Future<List<SearchHit>> f : readers) {
                assertThat(f.get()).hasSize(10);
            }
        }
        assertThat(index.size()).isEqualTo(6000 - 1333); // multiples of 3 in [2000, 6000) removed
    }
}
