package dev.tern.runtime;

import dev.tern.workspace.config.BudgetConfig;
import java.util.List;
import java.util.function.Consumer;

/**
 * Money and token limits of a run, the cost threshold that warns before an expensive call, and the
 * models to fall back to when the primary keeps failing.
 */
public record Budget(long maxTokens, double maxCostUsd, double warnCostUsd, List<String> fallbackModels,
                     Consumer<String> warnings) {

    public static final Budget NONE = new Budget(0, 0, 0, List.of(), w -> { });

    public Budget {
        fallbackModels = fallbackModels == null ? List.of() : List.copyOf(fallbackModels);
        warnings = warnings == null ? w -> { } : warnings;
    }

    /** Command-line limits win; the config's {@code budget} section fills what they leave unset. */
    public static Budget effective(Budget flags, BudgetConfig config) {
        return new Budget(flags.maxTokens() > 0 ? flags.maxTokens() : config.maxTokensPerRun(),
                flags.maxCostUsd() > 0 ? flags.maxCostUsd() : config.maxCostPerRun(),
                flags.warnCostUsd() > 0 ? flags.warnCostUsd() : config.warnCostAbove(),
                flags.fallbackModels().isEmpty() ? config.fallbackModels() : flags.fallbackModels(), flags.warnings());
    }
}
