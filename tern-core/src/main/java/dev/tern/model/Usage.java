package dev.tern.model;

/**
 * Token usage of one call (or a sum of calls).
 *
 * @param inputTokens      input tokens billed at the full rate, excluding cache reads and writes
 * @param outputTokens     output tokens (including thinking)
 * @param cacheReadTokens  input tokens served from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0);

    public Usage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, 0);
    }

    /** All input tokens of the prompt: uncached + cache read + cache write. */
    public long totalInputTokens() { return inputTokens + cacheReadTokens + cacheWriteTokens; }

    public long totalTokens() { return totalInputTokens() + outputTokens; }

    public Usage plus(Usage o) {
        if (o == null) return this;
        return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
                cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens);
    }
}
