package dev.tern.memory.vector;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A candidate generator for large vector sets: one sign bit per component (48 bytes per 384-dim
 * vector, 1/40 of the int8 copy the exact index scans), compared by Hamming distance with
 * {@link Long#bitCount}. The {@code m} nearest by Hamming distance are then ranked exactly by
 * {@code VectorIndex.searchAmong}. Selection is O(n) in one pass: a bounded buffer of the nearest so far,
 * cut back by a histogram of distances when it fills (no sort of n items, nothing of size n allocated).
 *
 * <p>Signs are taken after subtracting a reference vector (the mean of the first vectors seen, then
 * frozen), because sentence embeddings share a common direction that would otherwise make most bits
 * equal. Thread-safe: searches run concurrently, add/remove wait for them.
 */
final class SignIndex {

    private static final int CENTRE_SAMPLE = 1024;

    private final int dim;
    private final int words;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Long, Integer> slotOf = new HashMap<>();
    private final double[] centreSum;
    private float[] centre;          // frozen after CENTRE_SAMPLE vectors; null until then
    private int centreCount;
    private long[] bits = new long[0];
    private long[] ids = new long[0];
    private float[][] pending = new float[0][];  // vectors added before the centre froze (re-encoded then)
    private int size;

    SignIndex(int dim) {
        this.dim = dim;
        this.words = (dim + 63) / 64;
        this.centreSum = new double[dim];
    }

    int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    void add(long id, float[] v) {
        lock.writeLock().lock();
        try {
            if (centre == null) {
                for (int j = 0; j < dim; j++) centreSum[j] += v[j];
                if (++centreCount >= CENTRE_SAMPLE) freeze();
            }
            Integer slot = slotOf.get(id);
            if (slot == null) {
                slot = size++;
                grow(size);
                slotOf.put(id, slot);
            }
            ids[slot] = id;
            if (centre == null) pending[slot] = v.clone();
            encode(v, bits, slot * words);
        } finally {
            lock.writeLock().unlock();
        }
    }

    void remove(long id) {
        lock.writeLock().lock();
        try {
            Integer slot = slotOf.remove(id);
            if (slot == null) return;
            int last = --size;
            if (slot != last) {
                System.arraycopy(bits, last * words, bits, slot * words, words);
                ids[slot] = ids[last];
                if (pending.length > last) pending[slot] = pending[last];
                slotOf.put(ids[slot], slot);
            }
            if (pending.length > last) pending[last] = null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The ids of the (about) {@code m} vectors most likely nearest to {@code q}: the {@code 3m} nearest by
     * Hamming distance of the sign bits (popcount, one pass, O(n), no per-vector allocation), then of those
     * the {@code m} with the best asymmetric score {@code sum_j q_j * sign_j} (the query in full precision
     * against the stored signs, through per-nibble lookup tables that stay in L1): a far better ranking
     * than Hamming alone, at a cost of 96 lookups per candidate.
     */
    long[] candidates(float[] q, int m) {
        long[] qb = new long[words];
        lock.readLock().lock();
        try {
            if (size <= m) return Arrays.copyOf(ids, size);
            encode(q, qb, 0);
            int wide = (int) Math.min(size, 3L * m);
            int[] slots = nearestByHamming(qb, wide);
            float[] table = table(q);
            // (score, position) packed in a long so that one primitive sort orders them, best first
            long[] keyed = new long[slots.length];
            for (int c = 0; c < slots.length; c++) {
                int off = slots[c] * words;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;     // four independent sums: no chain of dependent adds
                for (int w = 0, t = 0; w < words; w++) {
                    long x = bits[off + w];
                    for (int nib = 0; nib < 16; nib += 4, t += 64) {
                        s0 += table[t + ((int) (x >>> (nib << 2)) & 15)];
                        s1 += table[t + 16 + ((int) (x >>> ((nib + 1) << 2)) & 15)];
                        s2 += table[t + 32 + ((int) (x >>> ((nib + 2) << 2)) & 15)];
                        s3 += table[t + 48 + ((int) (x >>> ((nib + 3) << 2)) & 15)];
                    }
                }
                keyed[c] = ((long) sortable(-((s0 + s1) + (s2 + s3))) << 32) | c;
            }
            selectSmallest(keyed, m);           // which m, not their order: the exact ranking orders them
            long[] out = new long[Math.min(m, keyed.length)];
            for (int i = 0; i < out.length; i++) out[i] = ids[slots[(int) keyed[i]]];
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The slots {@link #candidates} starts from: the {@code m} nearest to {@code q} by Hamming distance, ties by slot. */
    int[] nearestSlots(float[] q, int m) {
        long[] qb = new long[words];
        lock.readLock().lock();
        try {
            encode(q, qb, 0);
            return nearestByHamming(qb, m);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The Hamming distance of {@code q}'s sign bits to those stored in {@code slot}. */
    int distance(float[] q, int slot) {
        long[] qb = new long[words];
        lock.readLock().lock();
        try {
            encode(q, qb, 0);
            return hamming(bits, slot * words, qb);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Moves the {@code m} smallest values of {@code a} (distinct) to its front, in no particular order (quickselect, O(n)). */
    static void selectSmallest(long[] a, int m) {
        int lo = 0;
        int hi = a.length - 1;
        while (m > 0 && m < hi - lo + 1) {
            int mid = (lo + hi) >>> 1;
            long x = a[lo], y = a[mid], z = a[hi];
            long pivot = x < y ? (y < z ? y : Math.max(x, z)) : (x < z ? x : Math.max(y, z));   // median of three
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    long t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            // [lo, j] <= pivot, [i, hi] >= pivot, anything between equals the pivot
            int left = j - lo + 1;
            if (m <= left) {
                hi = j;
            } else if (m <= i - lo) {
                return;
            } else {
                m -= i - lo;
                lo = i;
            }
        }
    }

    /** An int that orders like the float (for packing scores into sortable longs). */
    private static int sortable(float f) {
        int b = Float.floatToIntBits(f);
        return b >= 0 ? b : b ^ 0x7FFFFFFF;
    }

    /**
     * The slots of the {@code m} vectors with the smallest Hamming distance to {@code qb}, ties by slot
     * order. One pass: a vector is kept (as {@code distance << 32 | slot} in a buffer of {@code 2m}) only if
     * it is within the running cut-off; when the buffer fills, it is cut back to the {@code m} nearest and
     * the cut-off tightens. Most vectors are rejected by one compare, and nothing of size n is allocated.
     */
    private int[] nearestByHamming(long[] qb, int m) {
        if (m >= size) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) all[i] = i;
            return all;
        }
        long[] kept = new long[2 * m];
        int[] histogram = new int[dim + 1];
        int n = 0;
        int cutoff = dim;
        long[] b = bits;
        boolean six = words == 6;                  // 384 dimensions (all-MiniLM-L6-v2): unrolled, no inner loop
        long q0 = qb[0], q1 = six ? qb[1] : 0, q2 = six ? qb[2] : 0, q3 = six ? qb[3] : 0, q4 = six ? qb[4] : 0, q5 = six ? qb[5] : 0;
        for (int i = 0, off = 0; i < size; i++, off += words) {
            int d = six ? Long.bitCount(b[off] ^ q0) + Long.bitCount(b[off + 1] ^ q1) + Long.bitCount(b[off + 2] ^ q2)
                    + Long.bitCount(b[off + 3] ^ q3) + Long.bitCount(b[off + 4] ^ q4) + Long.bitCount(b[off + 5] ^ q5)
                    : hamming(b, off, qb);
            if (d <= cutoff) {
                kept[n++] = ((long) d << 32) | i;
                if (n == kept.length) {
                    long r = shrink(kept, n, m, histogram);
                    n = (int) r;
                    cutoff = (int) (r >>> 32);
                }
            }
        }
        if (n > m) n = (int) shrink(kept, n, m, histogram);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) kept[i];
        return out;
    }

    private int hamming(long[] b, int off, long[] qb) {
        int d = 0;
        for (int w = 0; w < words; w++) d += Long.bitCount(b[off + w] ^ qb[w]);
        return d;
    }

    /**
     * Cuts {@code kept[0, n)} (in slot order) back to its {@code m} nearest, keeping slot order (ties at the
     * cut-off go to the earlier slots); returns the new cut-off (distances still worth keeping) {@code << 32}
     * or'ed with the new count.
     */
    private static long shrink(long[] kept, int n, int m, int[] histogram) {
        java.util.Arrays.fill(histogram, 0);
        for (int i = 0; i < n; i++) histogram[(int) (kept[i] >>> 32)]++;
        int c = 0;
        int below = 0;                       // kept items nearer than c
        while (below + histogram[c] < m) below += histogram[c++];
        int tiesWanted = m - below;          // items at distance exactly c to keep, earliest first
        int out = 0;
        for (int i = 0; i < n; i++) {
            int d = (int) (kept[i] >>> 32);
            if (d < c || (d == c && tiesWanted-- > 0)) kept[out++] = kept[i];
        }
        // later vectors at distance c lose to the earlier ones kept, unless none of those had to be dropped
        int cutoff = histogram[c] > m - below ? c - 1 : c;
        return ((long) cutoff << 32) | out;
    }

    /**
     * For each nibble (4 components) of the sign bits, the query's partial score of all 16 values (+q_j where
     * bit j is set, -q_j where not): {@code table[nibble * 16 + value]}, 6 KB at 384 dimensions. The centre
     * does not enter: {@code centre . q} is the same for every vector.
     */
    private float[] table(float[] q) {
        int nibbles = words * 16;
        float[] t = new float[nibbles * 16];
        for (int nb = 0; nb < nibbles; nb++) {
            int at = nb * 16;
            float base = 0;
            for (int i = 0; i < 4 && 4 * nb + i < dim; i++) base -= q[4 * nb + i];
            t[at] = base;
            for (int v = 1; v < 16; v++) {
                int j = 4 * nb + Integer.numberOfTrailingZeros(v);
                t[at + v] = t[at + (v & (v - 1))] + (j < dim ? 2 * q[j] : 0);
            }
        }
        return t;
    }

    private void encode(float[] v, long[] into, int offset) {
        for (int w = 0; w < words; w++) into[offset + w] = 0L;
        for (int j = 0; j < dim; j++) {
            float x = centre == null ? v[j] : v[j] - centre[j];
            if (x > 0) into[offset + (j >>> 6)] |= 1L << (j & 63);
        }
    }

    private void freeze() {
        float[] c = new float[dim];
        for (int j = 0; j < dim; j++) c[j] = (float) (centreSum[j] / centreCount);
        centre = c;
        for (int i = 0; i < size; i++) if (pending[i] != null) encode(pending[i], bits, i * words);
        pending = new float[0][];
    }

    private void grow(int n) {
        if (ids.length >= n) return;
        int cap = Math.max(1024, ids.length * 2);
        ids = Arrays.copyOf(ids, cap);
        bits = Arrays.copyOf(bits, cap * words);
        if (centre == null) pending = Arrays.copyOf(pending, cap);
    }

    long memoryBytes() {
        return bits.length * 8L + ids.length * 8L + slotOf.size() * 64L;
    }
}
