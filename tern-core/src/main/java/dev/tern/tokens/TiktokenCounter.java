package dev.tern.tokens;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact counts for OpenAI models: tiktoken's byte-pair encoding (o200k_base, cl100k_base) over the ranks
 * in {@link BpeRanks}. Text is split by the encoding's pattern; each piece, as UTF-8, is one token when it is
 * in the vocabulary, else its bytes are merged pair by pair, lowest rank first and leftmost among equals, as
 * tiktoken does; the count is what is left. Special tokens in the text ({@code <|endoftext|>}) are ordinary
 * text, as the API counts user content. {@code BpeCounterTest} checks the counts against jtokkit's on a
 * varied corpus. Thread-safe. Obtain instances from {@link Tokenizers}, which loads each vocabulary once.
 */
public final class TiktokenCounter implements TokenCounter {

    private final BpeVocabulary vocabulary;
    private final BpeRanks ranks;
    private final Pattern pattern;

    TiktokenCounter(BpeVocabulary vocabulary, BpeRanks ranks) {
        this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
        this.ranks = Objects.requireNonNull(ranks, "ranks");
        this.pattern = vocabulary.pattern();
    }

    /** Loads {@code vocabulary}'s ranks (about 0.1 s for o200k_base) and counts with them. */
    public static TiktokenCounter load(BpeVocabulary vocabulary) {
        return new TiktokenCounter(vocabulary, BpeRanks.load(vocabulary));
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        Merge merge = null;
        byte[] piece = new byte[64];
        int tokens = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            int start = m.start(), end = m.end();
            if (piece.length < (end - start) * 3) piece = new byte[(end - start) * 3];
            int len = utf8(text, start, end, piece);
            if (len == 1 || ranks.rank(piece, 0, len) != BpeRanks.NONE) {
                tokens++;
            } else {
                if (merge == null) merge = new Merge();
                tokens += merge.count(ranks, piece, len);
            }
        }
        return tokens;
    }

    /** The encoding's name, e.g. "o200k_base". */
    public String encodingName() { return vocabulary.encodingName(); }

    @Override
    public String toString() { return "TiktokenCounter[" + vocabulary.encodingName() + "]"; }

    /** Encodes {@code s[from, to)} as UTF-8 into {@code out} (unpaired surrogates as '?', as String.getBytes does). */
    static int utf8(String s, int from, int to, byte[] out) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xc0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[n++] = (byte) (0xf0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3f);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                out[n++] = '?';
            } else {
                out[n++] = (byte) (0xe0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3f);
                out[n++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return n;
    }

    /**
     * The byte-pair merge of one piece: parts in a linked list over byte offsets, the rank of each part joined
     * with the next in a min-heap keyed by (rank, offset), so the lowest rank merges first and the leftmost of
     * equal ranks before the others, as in tiktoken's loop; O(n log n), so a long piece (a run of letters with
     * no space, base64) costs no more than its length says. Stale heap entries are skipped when popped: a part's
     * pair rank is recomputed whenever it or its next part changes, and the new span is longer, so its rank differs.
     */
    private static final class Merge {
        private int[] next = new int[0];
        private int[] prev = new int[0];
        private int[] pair = new int[0];   // rank of part i joined with its next part, or NONE
        private long[] heap = new long[0];
        private int size;

        int count(BpeRanks ranks, byte[] b, int len) {
            if (next.length < len) {
                next = new int[len];
                prev = new int[len];
                pair = new int[len];
                heap = new long[len];
            }
            size = 0;
            for (int i = 0; i < len; i++) {
                next[i] = i + 1;
                prev[i] = i - 1;
            }
            for (int i = 0; i + 1 < len; i++) {
                pair[i] = ranks.rank(b, i, i + 2);
                if (pair[i] != BpeRanks.NONE) push(pair[i], i);
            }
            pair[len - 1] = BpeRanks.NONE;
            int parts = len;
            while (size > 0) {
                long top = pop();
                int rank = (int) (top >>> 32), i = (int) top;
                if (pair[i] != rank) continue;   // stale: the part or its neighbour merged since
                int j = next[i];
                next[i] = next[j];
                if (next[j] < len) prev[next[j]] = i;
                pair[j] = BpeRanks.NONE;
                parts--;
                pair[i] = joined(ranks, b, len, i);
                if (pair[i] != BpeRanks.NONE) push(pair[i], i);
                int p = prev[i];
                if (p >= 0) {
                    pair[p] = joined(ranks, b, len, p);
                    if (pair[p] != BpeRanks.NONE) push(pair[p], p);
                }
            }
            return parts;
        }

        /** The rank of part {@code i} joined with its next part, NONE when it is the last or they are no token. */
        private int joined(BpeRanks ranks, byte[] b, int len, int i) {
            int j = next[i];
            return j >= len ? BpeRanks.NONE : ranks.rank(b, i, next[j]);
        }

        private void push(int rank, int at) {
            long key = (long) rank << 32 | at;
            if (size == heap.length) heap = java.util.Arrays.copyOf(heap, Math.max(16, size * 2));
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= key) break;
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = key;
        }

        private long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[child + 1] < heap[child]) child++;
                if (heap[child] >= last) break;
                heap[i] = heap[child];
                i = child;
            }
            if (size > 0) heap[i] = last;
            return top;
        }
    }
}
