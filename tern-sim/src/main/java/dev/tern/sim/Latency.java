package dev.tern.sim;

/**
 * Simulated model latency: time to first token, then a delay per output token.
 * A negative field means "inherit from the enclosing level" (step → scenario → server default).
 *
 * @param ttftMs  milliseconds before the first byte of the answer (negative = inherit)
 * @param tokenMs milliseconds per output token (negative = inherit)
 */
public record Latency(long ttftMs, long tokenMs) {

    public static final Latency ZERO = new Latency(0, 0);
    public static final Latency INHERIT = new Latency(-1, -1);

    /** This latency with inherited (negative) fields taken from {@code parent}. */
    public Latency orElse(Latency parent) {
        if (parent == null) return this;
        return new Latency(ttftMs >= 0 ? ttftMs : parent.ttftMs, tokenMs >= 0 ? tokenMs : parent.tokenMs);
    }

    /** Total simulated time for {@code outputTokens} tokens, never negative. */
    public long totalMs(long outputTokens) {
        return Math.max(0, ttftMs) + Math.max(0, tokenMs) * Math.max(0, outputTokens);
    }
}
