package dev.tern.memory.recall;

import dev.tern.tokens.TokenCounter;

/**
 * A text block that never exceeds a token budget, counted with the model's tokenizer ({@code TiktokenCounter}), not
 * estimated from characters (seed 003 section 7.3.1): a header, then lines added while they fit; a
 * line longer than its share is cut at a word boundary to fit it.
 *
 * <p>A BPE token is at least one byte, so while the block's UTF-8 size is within a bound its token
 * count is too, and nothing needs encoding: the tokenizer (whose ranks take about 0.1 s
 * to load) is used only for blocks that could come near their budget.
 */
public final class BoundedBlock {

    private final TokenCounter tokens;
    private final int budget;
    private final StringBuilder text;
    private final String header;
    private final java.util.List<String> pieces = new java.util.ArrayList<>();   // the lines added, newline first
    private int used;          // tokens when exact, else bytes (an upper bound on tokens)
    private boolean exact;
    private int lines;

    /** A block that starts with {@code header} (counted too). */
    public BoundedBlock(String header, int budget, TokenCounter tokens) {
        this.tokens = tokens;
        this.budget = budget;
        this.text = new StringBuilder(header);
        this.header = header;
        this.used = bytes(header);
        if (used > budget) exact();
    }

    private static int bytes(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /**
     * From bytes to tokens: the header and each line counted on their own and summed, as lines are counted
     * from here on (a line's count can be remembered; a merge across a line break only makes the sum an
     * over-count, never an under-count).
     */
    private void exact() {
        if (exact) return;
        exact = true;
        int n = tokens.count(header);
        for (String p : pieces) n += tokens.count(p);
        used = n;
    }

    /**
     * Adds {@code line} (a newline is put before it), cut to at most {@code maxTokens} tokens and to what
     * is left of the budget; returns false (adding nothing) when not even a useful part fits.
     */
    public boolean add(String line, int maxTokens) {
        String candidate = "\n" + line;
        if (!exact) {
            int b = bytes(candidate);
            if (used + b <= budget && b <= maxTokens) {   // within the bound in bytes, so in tokens too
                text.append(candidate);
                pieces.add(candidate);
                used += b;
                lines++;
                return true;
            }
            exact();
        }
        int cost = tokens.count(candidate);
        int room = Math.min(maxTokens, budget - used);
        if (cost > room) {
            if (room < 12) return false;
            candidate = cut(candidate, room);
            if (candidate == null) return false;
            cost = tokens.count(candidate);
        }
        text.append(candidate);
        used += cost;
        lines++;
        return true;
    }

    /**
     * The longest word-boundary prefix of {@code s} plus an ellipsis within {@code max} tokens (binary search), remembered
     * by a {@link LineTokens} counter: the same long line is cut the same way every time it is recalled.
     */
    private String cut(String s, int max) {
        if (tokens instanceof LineTokens memo) return memo.cut(s, max, () -> search(s, max, memo.uncached()));
        return search(s, max, tokens);
    }

    private static String search(String s, int max, TokenCounter tokens) {
        int lo = 0;
        int hi = s.length();
        String best = null;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            int at = s.lastIndexOf(' ', mid);
            if (at <= 1) {
                hi = mid - 1;
                continue;
            }
            String c = s.substring(0, at) + " …";
            if (tokens.count(c) <= max) {
                best = c;
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    /** Tokens used so far, header included (counted exactly here if they were only bounded by bytes so far). */
    public int tokens() {
        exact();
        return used;
    }

    /** An upper bound of {@link #tokens()} that never loads the tokenizer (exact once it was needed). */
    public int tokensAtMost() { return used; }

    /** Lines added. */
    public int lines() { return lines; }

    /** What is left of the budget (a lower bound while counted in bytes). */
    public int remaining() { return budget - used; }

    @Override
    public String toString() { return text.toString(); }
}
