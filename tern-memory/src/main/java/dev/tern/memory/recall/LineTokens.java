package dev.tern.memory.recall;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tern.tokens.TokenCounter;
import java.util.function.Supplier;

/**
 * A token counter that remembers the counts of the texts it counted, and the cuts {@link BoundedBlock} made of them:
 * the lines of a memory block (a fact, an episode, a past task, the header) come back turn after turn, and encoding
 * them again with BPE, and binary-searching where a long one must be cut, was half of a chat turn's CPU (a JFR profile
 * of a 200-turn `tern chat`: 193 of 385 samples in the tokenizer, most of them on lines recalled before). Bounded by
 * the characters it holds ({@link #MAX_WEIGHT} per memo, a few MB); a text over {@link #MAX_CHARS} is counted every time.
 */
public final class LineTokens implements TokenCounter {

    /** Characters each of the two memos (counts, cuts) holds at most. */
    static final long MAX_WEIGHT = 4L << 20;
    /** Longer texts are counted every time (never a block's line). */
    static final int MAX_CHARS = 1 << 16;

    private record Cut(String text, int maxTokens) { }

    private final TokenCounter tokens;
    private final Cache<String, Integer> counts = Caffeine.newBuilder().maximumWeight(MAX_WEIGHT)
            .weigher((String k, Integer v) -> k.length() + 32).build();
    private final Cache<Cut, String> cuts = Caffeine.newBuilder().maximumWeight(MAX_WEIGHT)
            .weigher((Cut k, String v) -> k.text().length() + v.length() + 32).build();

    /** Remembers {@code tokens}' counts ({@code tokens} itself when it already is one). */
    public static LineTokens of(TokenCounter tokens) {
        return tokens instanceof LineTokens l ? l : new LineTokens(tokens);
    }

    private LineTokens(TokenCounter tokens) {
        this.tokens = tokens;
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        if (text.length() > MAX_CHARS) return tokens.count(text);
        return counts.get(text, tokens::count);
    }

    /** The counter underneath (for texts counted once, like the prefixes a cut tries). */
    TokenCounter uncached() { return tokens; }

    /** {@code search}'s cut of {@code text} to {@code maxTokens}, remembered (null when nothing fits). */
    String cut(String text, int maxTokens, Supplier<String> search) {
        if (text.length() > MAX_CHARS) return search.get();
        String c = cuts.get(new Cut(text, maxTokens), k -> {
            String s = search.get();
            return s == null ? "" : s;
        });
        return c.isEmpty() ? null : c;
    }
}
