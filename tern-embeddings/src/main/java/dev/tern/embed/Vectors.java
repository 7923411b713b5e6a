package dev.tern.embed;

/** Small pure functions over float vectors. */
public final class Vectors {

    private Vectors() {
    }

    /** Dot product; for L2-normalised vectors this is the cosine similarity. */
    public static float dot(float[] a, float[] b) {
        requireSameLength(a, b);
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        int n = a.length;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Cosine similarity of two vectors of any length (0 when one of them is all zeros). */
    public static float cosine(float[] a, float[] b) {
        requireSameLength(a, b);
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0f;
        }
        return (float) (dot / (Math.sqrt(na) * Math.sqrt(nb)));
    }

    /** Euclidean norm. */
    public static float norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return (float) Math.sqrt(s);
    }

    /** A new array: {@code v} scaled to unit length (a zero vector stays zero). */
    public static float[] normalized(float[] v) {
        float[] out = v.clone();
        normalizeInPlace(out);
        return out;
    }

    /** Scales {@code v} to unit length in place, as sentence-transformers does (norm clamped at 1e-12). */
    public static void normalizeInPlace(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        float inv = (float) (1.0 / Math.max(Math.sqrt(s), 1e-12));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of different dimensions: " + a.length + " and " + b.length);
        }
    }
}
