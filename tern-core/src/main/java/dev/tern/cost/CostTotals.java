package dev.tern.cost;

import dev.tern.tokens.Numbers;
import java.util.Locale;

/**
 * Accumulated usage and cost of some calls (a run, a session, an agent, a model, everything).
 *
 * @param calls             calls counted
 * @param unpricedCalls     calls of models without a price (their cost counts as 0)
 * @param costUsd           money spent
 * @param cacheSavingsUsd   saved by cache reads versus the full input price
 * @param cacheWritePremiumUsd paid above the full input price for cache writes
 */
public record CostTotals(long calls, long unpricedCalls, long inputTokens, long outputTokens, long cacheReadTokens,
                         long cacheWriteTokens, double costUsd, double cacheSavingsUsd, double cacheWritePremiumUsd) {

    public static final CostTotals ZERO = new CostTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Net money saved by prompt caching versus no caching. */
    public double netCacheSavingsUsd() { return cacheSavingsUsd - cacheWritePremiumUsd; }

    public long totalTokens() { return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens; }

    /** One line for {@code /perf} and {@code --stats}. */
    public String summary() {
        return String.format(Locale.ROOT, "$%.4f for %d call%s: %s in, %s out, %s cache read, %s cache write; caching saved $%.4f net%s",
                costUsd, calls, calls == 1 ? "" : "s", Numbers.grouped(inputTokens), Numbers.grouped(outputTokens),
                Numbers.grouped(cacheReadTokens), Numbers.grouped(cacheWriteTokens), netCacheSavingsUsd(),
                unpricedCalls == 0 ? "" : " (" + unpricedCalls + " call(s) of unpriced models not counted)");
    }
}
