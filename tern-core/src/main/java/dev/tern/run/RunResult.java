package dev.tern.run;

import dev.tern.model.Message;
import dev.tern.model.Usage;
import java.time.Duration;
import java.util.List;

/**
 * The outcome of one run.
 *
 * @param text        the final answer (empty if the run stopped before one)
 * @param newMessages the messages this run added to the conversation, in order (user input first)
 * @param usage       tokens over all model calls of the run
 * @param costUsd     money spent, when prices are known (0 otherwise)
 * @param iterations  model calls made
 * @param toolCalls   tool calls made
 * @param wall        wall time of the run
 * @param outcome     how the run ended
 * @param reason      one line explaining a non-COMPLETED outcome, else null
 */
public record RunResult(String text, List<Message> newMessages, Usage usage, double costUsd, int iterations,
                        int toolCalls, Duration wall, Outcome outcome, String reason) {

    /**
     * How a run ended. {@code TOOL_CALLS}: the last answer called external tools ({@code Tool#external});
     * the run stopped so that the caller runs them and continues with their results.
     */
    public enum Outcome { COMPLETED, MAX_ITERATIONS, TIMEOUT, BUDGET_EXCEEDED, FAILED, CANCELLED, TOOL_CALLS }

    public RunResult {
        text = text == null ? "" : text;
        newMessages = List.copyOf(newMessages);
        usage = usage == null ? Usage.ZERO : usage;
    }

    public boolean completed() { return outcome == Outcome.COMPLETED; }
}
