package dev.tern.run;

import java.time.Duration;

/**
 * Bounds of one run. Zero means unlimited for tokens and money.
 *
 * @param maxIterations model calls per run
 * @param maxWallTime   wall time per run
 * @param maxTokens     total tokens (input + output) per run, 0 = no limit
 * @param maxCostUsd    money per run, 0 = no limit
 */
public record RunLimits(int maxIterations, Duration maxWallTime, long maxTokens, double maxCostUsd) {

    public static final RunLimits DEFAULT = new RunLimits(40, Duration.ofMinutes(15), 0, 0);

    public RunLimits {
        if (maxIterations <= 0) throw new IllegalArgumentException("maxIterations must be > 0");
        maxWallTime = maxWallTime == null ? DEFAULT.maxWallTime() : maxWallTime;
    }

    public RunLimits withMaxIterations(int n) { return new RunLimits(n, maxWallTime, maxTokens, maxCostUsd); }

    public RunLimits withMaxWallTime(Duration d) { return new RunLimits(maxIterations, d, maxTokens, maxCostUsd); }

    public RunLimits withMaxTokens(long t) { return new RunLimits(maxIterations, maxWallTime, t, maxCostUsd); }

    public RunLimits withMaxCostUsd(double c) { return new RunLimits(maxIterations, maxWallTime, maxTokens, c); }
}
