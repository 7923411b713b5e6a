package dev.tern.memory.recall;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tern.tokens.TokenCounter;

/**
 * A token counter that remembers the counts of short texts: the lines of a recall block (a fact, a
 * relation, the header) come back recall after recall, and BPE-encoding them again was a tenth of a
 * recall's CPU. Bounded (4096 lines); texts over {@link #MAX_CHARS} are counted every time.
 */
final class LineTokens implements TokenCounter {

    static final int MAX_CHARS = 2048;

    private final TokenCounter tokens;
    private final Cache<String, Integer> counts = Caffeine.newBuilder().maximumSize(4096).build();

    LineTokens(TokenCounter tokens) {
        this.tokens = tokens;
    }

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) return 0;
        if (text.length() > MAX_CHARS) return tokens.count(text);
        return counts.get(text, tokens::count);
    }
}
