package dev.tern.sim.wire;

/**
 * Token usage reported for one answer.
 *
 * @param inputTotal all input tokens (cached or not)
 * @param cacheRead  input tokens read from the prompt cache
 * @param cacheWrite input tokens written to the prompt cache
 * @param output     output tokens (including thinking)
 * @param reasoning  thinking tokens within {@code output}
 */
public record Billing(long inputTotal, long cacheRead, long cacheWrite, long output, long reasoning) {
    public long uncachedInput() { return inputTotal - cacheRead - cacheWrite; }
}
