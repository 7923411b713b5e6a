package dev.tern.sim.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;

/**
 * Deterministic embeddings: a hashed bag of words. Each word (a run of letters or digits, lower-cased)
 * adds ±1 at {@value #SLOTS} positions chosen by its hash (seeded by the model), then the vector is
 * L2-normalised. Texts that share words are therefore more similar (cosine) than unrelated texts, and
 * the same (model, text, dimensions) always gives the same vector.
 */
public final class Embedder {

    static final int SLOTS = 8;

    private Embedder() { }

    /** The unit vector of {@code text} for {@code model} in {@code dimensions} dimensions. */
    public static float[] embed(String model, String text, int dimensions) {
        double[] v = new double[dimensions];
        long seed = fnv(0xcbf29ce484222325L, model == null ? "" : model);
        boolean any = false;
        int i = 0;
        String lower = text.toLowerCase(Locale.ROOT);
        while (i < lower.length()) {
            while (i < lower.length() && !Character.isLetterOrDigit(lower.charAt(i))) i++;
            int start = i;
            while (i < lower.length() && Character.isLetterOrDigit(lower.charAt(i))) i++;
            if (i > start) {
                add(v, fnv(seed, lower, start, i));
                any = true;
            }
        }
        if (!any) add(v, fnv(seed, "\0" + text));
        return normalise(v);
    }

    /** The unit vector of a list of token ids (each id is a word). */
    public static float[] embedTokens(String model, int[] tokens, int dimensions) {
        double[] v = new double[dimensions];
        long seed = fnv(0xcbf29ce484222325L, model == null ? "" : model);
        for (int t : tokens) add(v, fnv(seed, "#" + t));
        if (tokens.length == 0) add(v, fnv(seed, "\0"));
        return normalise(v);
    }

    /** OpenAI's {@code encoding_format: base64}: little-endian float32 values, base64-encoded. */
    public static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** Cosine similarity of two vectors of the same length. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    private static void add(double[] v, long h) {
        for (int k = 0; k < SLOTS; k++) {
            h = mix(h + 0x9e3779b97f4a7c15L);
            int idx = (int) ((h >>> 33) % v.length);
            v[idx] += (h & 1) == 0 ? 1 : -1;
        }
    }

    private static float[] normalise(double[] v) {
        double n = 0;
        for (double x : v) n += x * x;
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        if (n == 0) {
            out[0] = 1; // every slot cancelled out: still a unit vector
            return out;
        }
        for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / n);
        return out;
    }

    private static long fnv(long h, String s) { return fnv(h, s, 0, s.length()); }

    private static long fnv(long h, String s, int from, int to) {
        for (int i = from; i < to; i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
