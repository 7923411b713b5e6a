package dev.tern.cost;

import dev.tern.model.Usage;

/** A thread-safe running total; {@link #snapshot()} is consistent (all fields from the same moment). */
final class CostTally {

    private long calls;
    private long unpriced;
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private double cost;
    private double savings;
    private double premium;

    synchronized void add(Usage u, CallCost c) {
        calls++;
        if (!c.priced()) unpriced++;
        input += u.inputTokens();
        output += u.outputTokens();
        cacheRead += u.cacheReadTokens();
        cacheWrite += u.cacheWriteTokens();
        cost += c.total();
        savings += c.cacheSavings();
        premium += c.cacheWritePremium();
    }

    synchronized CostTotals snapshot() {
        return new CostTotals(calls, unpriced, input, output, cacheRead, cacheWrite, cost, savings, premium);
    }
}
