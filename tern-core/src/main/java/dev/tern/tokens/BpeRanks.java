package dev.tern.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Arrays;

/**
 * The merge ranks of one byte-pair encoding in three flat arrays: every token's bytes one after another in
 * an arena, where each starts, and an open-addressing hash table of token numbers. Built straight from a
 * {@code .tiktoken} file ({@code <base64 bytes> <rank>} per line) in one pass with no object per token:
 * about 0.1 s and 5 MB for o200k_base's 200 000 tokens, where jtokkit's maps of boxed arrays took 0.6–0.9 s and
 * tens of MB in a fresh JVM (see docs/BENCHMARKS.md). Immutable, so shared by every thread.
 */
final class BpeRanks {

    static final int NONE = -1;
    private static final byte[] BASE64 = new byte[256];

    static {
        Arrays.fill(BASE64, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) BASE64[alphabet.charAt(i)] = (byte) i;
    }

    private final byte[] arena;
    private final int[] starts;   // token i is arena[starts[i], starts[i + 1])
    private final int[] ranks;
    private final int[] slots;    // token number + 1, 0 where empty
    private final int mask;

    private BpeRanks(byte[] arena, int[] starts, int[] ranks, int[] slots) {
        this.arena = arena;
        this.starts = starts;
        this.ranks = ranks;
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    /** Loads the ranks of {@code vocabulary} from the class path. */
    static BpeRanks load(BpeVocabulary vocabulary) {
        ClassLoader loader = BpeRanks.class.getClassLoader();
        URL url = loader.getResource(vocabulary.resource());
        if (url == null) throw new IllegalStateException(vocabulary.encodingName() + ": " + vocabulary.resource() + " is not on the class path (jtokkit's jar)");
        try {
            URLConnection c = url.openConnection();
            long size = c.getContentLengthLong();
            try (InputStream in = c.getInputStream()) {
                byte[] text = size > 0 && size < Integer.MAX_VALUE ? in.readNBytes((int) size) : in.readAllBytes();
                return parse(vocabulary.encodingName(), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(vocabulary.encodingName() + ": cannot read " + vocabulary.resource() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a {@code .tiktoken} file.
     *
     * @throws IllegalStateException naming the line when one is not {@code <base64> <rank>}
     */
    static BpeRanks parse(String name, byte[] text) {
        int lines = 0;
        for (byte b : text) if (b == '\n') lines++;
        if (text.length > 0 && text[text.length - 1] != '\n') lines++;
        byte[] arena = new byte[text.length];   // decoded tokens are shorter than their lines
        int[] starts = new int[lines + 1];
        int[] ranks = new int[lines];
        int[] slots = new int[Math.max(16, Integer.highestOneBit(Math.max(1, lines) * 2) * 2)];
        int mask = slots.length - 1;
        int n = 0, out = 0, i = 0;
        while (i < text.length) {
            int end = i;
            while (end < text.length && text[end] != '\n') end++;
            int space = i;
            while (space < end && text[space] != ' ') space++;
            if (space == i || space == end || (space - i) % 4 != 0) throw badLine(name, n);
            starts[n] = out;
            for (int j = i; j < space; j += 4) {
                int a = digit(text[j]), b = digit(text[j + 1]);
                if (a < 0 || b < 0) throw badLine(name, n);
                arena[out++] = (byte) (a << 2 | b >> 4);
                if (text[j + 2] == '=') continue;
                int c = digit(text[j + 2]);
                if (c < 0) throw badLine(name, n);
                arena[out++] = (byte) (b << 4 | c >> 2);
                if (text[j + 3] == '=') continue;
                int d = digit(text[j + 3]);
                if (d < 0) throw badLine(name, n);
                arena[out++] = (byte) (c << 6 | d);
            }
            long rank = 0;
            for (int k = space + 1; k < end; k++) {
                int digit = text[k] - '0';
                if (digit < 0 || digit > 9 || rank > Integer.MAX_VALUE / 10) throw badLine(name, n);
                rank = rank * 10 + digit;
            }
            if (space + 1 == end) throw badLine(name, n);
            ranks[n] = (int) rank;
            int s = hash(arena, starts[n], out) & mask;
            while (slots[s] != 0) s = (s + 1) & mask;
            slots[s] = n + 1;
            n++;
            i = end + 1;
        }
        starts[n] = out;
        return new BpeRanks(Arrays.copyOf(arena, out), starts, ranks, slots);
    }

    private static int digit(byte b) { return BASE64[b & 0xff]; }

    private static IllegalStateException badLine(String name, int index) {
        return new IllegalStateException(name + ": line " + (index + 1) + " of its ranks is not '<base64 bytes> <rank>'");
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) h = (h ^ b[i]) * 0x01000193;
        return h ^ h >>> 15;
    }

    /** The rank of the token whose bytes are {@code b[from, to)}, or {@link #NONE} when they are not one token. */
    int rank(byte[] b, int from, int to) {
        int len = to - from;
        for (int s = hash(b, from, to) & mask; ; s = (s + 1) & mask) {
            int t = slots[s] - 1;
            if (t < 0) return NONE;
            int at = starts[t];
            if (starts[t + 1] - at == len && Arrays.equals(arena, at, at + len, b, from, to)) return ranks[t];
        }
    }

    /** Tokens in the vocabulary. */
    int size() { return ranks.length; }
}
