package dev.tern.memory.vector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The one-pass Hamming selection finds exactly the m nearest (ties by slot), as a full sort would. */
class SignIndexTest {

    private static float[] random(Random r, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) v[i] = (float) r.nextGaussian() + (i % 5 == 0 ? 0.5f : 0);
        return v;
    }

    @Test
    void selectionEqualsTheSortedReferenceForBothKernels() {
        for (int dim : new int[] {384, 100}) {       // the unrolled 6-word kernel and the general one
            Random r = new Random(dim);
            SignIndex index = new SignIndex(dim);
            int n = 30_000;
            float[][] stored = new float[n][];
            for (int i = 0; i < n; i++) {
                // clusters of near copies: many equal distances, so ties at the cut-off are exercised
                stored[i] = i >= 2000 && r.nextBoolean() ? stored[r.nextInt(2000)].clone() : random(r, dim);
                index.add(1_000_000L + i, stored[i]);
            }
            index.remove(1_000_000L + 17);           // the last vector moves into slot 17
            for (int q = 0; q < 20; q++) {
                float[] query = random(r, dim);
                int[] dist = IntStream.range(0, index.size()).map(s -> index.distance(query, s)).toArray();
                for (int m : new int[] {1, 50, 1200, index.size() - 1}) {
                    int[] expected = IntStream.range(0, index.size()).boxed()
                            .sorted(Comparator.comparingInt((Integer s) -> dist[s]).thenComparingInt(s -> s))
                            .limit(m).mapToInt(Integer::intValue).sorted().toArray();
                    int[] got = index.nearestSlots(query, m);
                    assertThat(got).as("dim %d, m %d", dim, m).isEqualTo(expected);
                }
            }
            assertThat(index.candidates(stored[5], 10)).hasSize(10).contains(1_000_005L);
            assertThat(Arrays.stream(index.candidates(stored[5], 10)).distinct().count()).isEqualTo(10);
        }
    }

    @Test
    void quickselectPutsTheSmallestFirst() {
        Random r = new Random(11);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(round < 100 ? 8 : 2000);
            long[] a = r.longs(n).distinct().toArray();
            if (round % 3 == 0) Arrays.sort(a);                  // sorted and reversed inputs too
            if (round % 3 == 1) for (int i = 0; i < a.length / 2; i++) { long t = a[i]; a[i] = a[a.length - 1 - i]; a[a.length - 1 - i] = t; }
            long[] sorted = a.clone();
            Arrays.sort(sorted);
            int m = r.nextInt(a.length + 2);
            SignIndex.selectSmallest(a, m);
            long[] front = Arrays.copyOf(a, Math.min(m, a.length));
            Arrays.sort(front);
            assertThat(front).isEqualTo(Arrays.copyOf(sorted, Math.min(m, a.length)));
        }
    }
}
