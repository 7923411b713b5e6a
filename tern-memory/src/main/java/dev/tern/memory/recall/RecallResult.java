package dev.tern.memory.recall;

import java.util.List;

/**
 * What one recall produced.
 *
 * @param ranked   every candidate over the threshold, best first
 * @param injected those that fit the block (token budget, item limit)
 * @param block    the context block for the volatile part of the prompt ("" when nothing is relevant)
 * @param tokens   tokens of the block at most (exact when they had to be counted; else its UTF-8 size,
 *                 which bounds them, and the tokenizer was not needed)
 * @param vectors  whether vector similarity took part (false: keywords and graph only)
 * @param nanos    time the recall took
 */
public record RecallResult(List<RecallItem> ranked, List<RecallItem> injected, String block, int tokens, boolean vectors,
                           long nanos) {

    public static RecallResult empty(boolean vectors, long nanos) {
        return new RecallResult(List.of(), List.of(), "", 0, vectors, nanos);
    }

    public boolean isEmpty() { return injected.isEmpty(); }
}
