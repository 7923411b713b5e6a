package dev.tern.cli;

import dev.tern.runtime.Budget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Limits of a run or of each chat turn: iterations, wall time, tokens, money, fallbacks ({@code tern run}, {@code tern chat}). */
final class LimitOptions {

    @Option(names = "--max-iterations", description = "model calls per run")
    Integer maxIterations;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "wall-time limit of a run in seconds (cuts a model, tool or MCP call in progress; exit code 4)")
    Double timeoutSeconds;

    @Option(names = "--max-tokens", description = "token budget of a run (input + output, all calls)")
    long maxTokens;

    @Option(names = "--max-cost", paramLabel = "USD", description = "money budget of a run in USD (refused when the model has no known price)")
    double maxCost;

    @Option(names = "--warn-cost", paramLabel = "USD", description = "warn before a single call that may cost more than this (USD)")
    double warnCost;

    @Option(names = "--fallback-model", description = "model to use when the primary keeps failing (repeatable, in order)")
    List<String> fallbackModels = new ArrayList<>();

    /** The wall-time limit, or null for the config's. @throws IllegalArgumentException when not positive */
    Duration timeout() {
        if (timeoutSeconds == null) return null;
        if (!(timeoutSeconds > 0)) throw new IllegalArgumentException("--timeout must be a positive number of seconds");
        return Duration.ofMillis(Math.round(timeoutSeconds * 1000));
    }

    Budget budget(Consumer<String> warnings) {
        if (maxTokens < 0 || maxCost < 0 || warnCost < 0) {
            throw new IllegalArgumentException("--max-tokens, --max-cost and --warn-cost must not be negative");
        }
        return new Budget(maxTokens, maxCost, warnCost, fallbackModels, warnings);
    }
}
