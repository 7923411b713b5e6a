package dev.tern.embed.index;

import java.util.Arrays;

/**
 * {@link #SIZE} vectors of one index. Scanned data is int8, laid out dimension-major
 * ({@code codes[j * SIZE + i]} is component j of vector i) so the scan kernel is a plain
 * {@code acc[i] += q[j] * codes[...]} loop over i that the JIT turns into SIMD instructions without the
 * incubating Vector API. The float vectors (row-major) are kept for the exact re-rank.
 */
final class Block {

    /** Vectors per block: the 512 float accumulators (2 KB) stay in L1 during the scan. */
    static final int SIZE = 512;

    final int dim;
    final byte[] codes;
    final float[] vectors;
    final float[] scale;
    /** ||x - scale * code||: how far the int8 score can be from the exact one, for a unit query. */
    final float[] error;
    final long[] ids;
    int count;

    Block(int dim) {
        this.dim = dim;
        this.codes = new byte[dim * SIZE];
        this.vectors = new float[dim * SIZE];
        this.scale = new float[SIZE];
        this.error = new float[SIZE];
        this.ids = new long[SIZE];
    }

    /** Stores a unit vector at slot i: float copy, int8 codes with a per-vector scale, and the residual norm. */
    void set(int i, long id, float[] unit) {
        ids[i] = id;
        System.arraycopy(unit, 0, vectors, i * dim, dim);
        float max = 0;
        for (float x : unit) {
            max = Math.max(max, Math.abs(x));
        }
        float s = max / 127f;
        float inv = s == 0 ? 0 : 1f / s;
        double residual = 0;
        for (int j = 0; j < dim; j++) {
            int c = Math.round(unit[j] * inv);
            c = Math.max(-127, Math.min(127, c));
            codes[j * SIZE + i] = (byte) c;
            double r = unit[j] - (double) s * c;
            residual += r * r;
        }
        scale[i] = s;
        // rounded up a hair so float rounding in the bound never makes it too small
        error[i] = (float) (Math.sqrt(residual) * (1 + 1e-6) + 1e-7);
    }

    /** Copies slot {@code from} of {@code src} into slot {@code to} of this block. */
    void copyFrom(Block src, int from, int to) {
        ids[to] = src.ids[from];
        System.arraycopy(src.vectors, from * dim, vectors, to * dim, dim);
        for (int j = 0; j < dim; j++) {
            codes[j * SIZE + to] = src.codes[j * SIZE + from];
        }
        scale[to] = src.scale[from];
        error[to] = src.error[from];
    }

    /** Zeroes slot i (so a partly filled block scores unused slots as 0 and holds no stale data). */
    void clear(int i) {
        ids[i] = 0;
        Arrays.fill(vectors, i * dim, (i + 1) * dim, 0f);
        for (int j = 0; j < dim; j++) {
            codes[j * SIZE + i] = 0;
        }
        scale[i] = 0;
        error[i] = 0;
    }

    /** acc[i] = sum_j q[j] * code[i][j] for every slot of the block. */
    void score(float[] q, float[] acc) {
        Arrays.fill(acc, 0f);
        byte[] c = codes;
        for (int j = 0; j < dim; j++) {
            float qj = q[j];
            int off = j * SIZE;
            for (int i = 0; i < SIZE; i++) {
                acc[i] += qj * c[off + i];
            }
        }
    }

    /** Exact dot product of q with the float vector at slot i ({@link #dot2} with the row twice: one kernel, one order of sums). */
    float dot(float[] q, int i) {
        float[] out = new float[2];
        dot2(q, dim, vectors, i * dim, vectors, i * dim, out, 0);
        return out[0];
    }

    /**
     * The exact dot products of q with two float vectors, {@code a} at {@code ba} and {@code b} at {@code bb}, into
     * {@code out[at]} and {@code out[at + 1]}: each the same sums in the same order (equal results to the bit, whichever
     * of the two a row is), with the two rows read side by side, so a re-rank of vectors scattered over the index waits for two
     * cache misses at a time instead of one.
     */
    static void dot2(float[] q, int dim, float[] a, int ba, float[] b, int bb, float[] out, int at) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        float t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
        int j = 0;
        for (; j + 7 < dim; j += 8) {
            s0 += q[j] * a[ba + j];
            t0 += q[j] * b[bb + j];
            s1 += q[j + 1] * a[ba + j + 1];
            t1 += q[j + 1] * b[bb + j + 1];
            s2 += q[j + 2] * a[ba + j + 2];
            t2 += q[j + 2] * b[bb + j + 2];
            s3 += q[j + 3] * a[ba + j + 3];
            t3 += q[j + 3] * b[bb + j + 3];
            s4 += q[j + 4] * a[ba + j + 4];
            t4 += q[j + 4] * b[bb + j + 4];
            s5 += q[j + 5] * a[ba + j + 5];
            t5 += q[j + 5] * b[bb + j + 5];
            s6 += q[j + 6] * a[ba + j + 6];
            t6 += q[j + 6] * b[bb + j + 6];
            s7 += q[j + 7] * a[ba + j + 7];
            t7 += q[j + 7] * b[bb + j + 7];
        }
        for (; j < dim; j++) {
            s0 += q[j] * a[ba + j];
            t0 += q[j] * b[bb + j];
        }
        out[at] = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        out[at + 1] = ((t0 + t1) + (t2 + t3)) + ((t4 + t5) + (t6 + t7));
    }

    float[] vector(int i) {
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    static long bytesPerBlock(int dim) {
        return (long) dim * SIZE * 5 + SIZE * (4 + 4 + 8) + 5 * 16;
    }
}
