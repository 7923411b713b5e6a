package dev.tern.workspace.config;

import java.util.List;

/**
 * {@code budget}: per-run limits and the models to fall back to. Zero means no limit.
 *
 * @param maxTokensPerRun tokens (input + output, all model calls) one run may use
 * @param maxCostPerRun   money (USD) one run may spend
 * @param warnCostAbove   warn before a single model call that may cost more than this (USD)
 * @param fallbackModels  models tried in order when the primary keeps failing after its retries
 */
public record BudgetConfig(long maxTokensPerRun, double maxCostPerRun, double warnCostAbove, List<String> fallbackModels) {

    public static final BudgetConfig NONE = new BudgetConfig(0, 0, 0, List.of());

    public BudgetConfig {
        if (maxTokensPerRun < 0) throw new ConfigException("budget.maxTokensPerRun must be >= 0, got " + maxTokensPerRun);
        if (maxCostPerRun < 0) throw new ConfigException("budget.maxCostPerRun must be >= 0, got " + maxCostPerRun);
        if (warnCostAbove < 0) throw new ConfigException("budget.warnCostAbove must be >= 0, got " + warnCostAbove);
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
    }
}
