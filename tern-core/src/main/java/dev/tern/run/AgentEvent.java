package dev.tern.run;

import dev.tern.model.Message;
import dev.tern.model.StopReason;
import dev.tern.model.Usage;
import java.time.Duration;

/**
 * Everything observable about a run, in order. Listeners (progress line, sessions, metrics, the
 * gateway's SSE) subscribe to these; the runtime emits them from its two choke points (model calls
 * and tool calls) and from the loop.
 */
public sealed interface AgentEvent {

    String runId();

    String agent();

    record RunStarted(String runId, String agent, String input) implements AgentEvent { }

    /** A model call is about to be sent. */
    record ModelRequested(String runId, String agent, int iteration, String model, int messages,
                          long estimatedInputTokens) implements AgentEvent { }

    /** The provider is retrying after a transient failure; {@code delay} is the wait before the next try. */
    record ModelRetrying(String runId, String agent, String model, int attempt, Duration delay, String reason)
            implements AgentEvent { }

    record TextDelta(String runId, String agent, String text) implements AgentEvent { }

    record ThinkingDelta(String runId, String agent, String text) implements AgentEvent { }

    /** A model call finished. {@code firstToken} is the time to the first streamed byte, or null. */
    record ModelResponded(String runId, String agent, int iteration, String model, Usage usage,
                          Duration elapsed, Duration firstToken, StopReason stopReason, int toolCalls)
            implements AgentEvent { }

    /**
     * A model call was answered without calling the provider: from the response cache, or by an identical
     * call already in flight ({@code coalesced}). Nothing was billed; {@code savedTokens} and
     * {@code savedUsd} are what the original call cost. Followed by the call's {@link ModelResponded}.
     */
    record ModelCacheHit(String runId, String agent, int iteration, String model, boolean coalesced,
                         Duration lookup, long savedTokens, double savedUsd) implements AgentEvent { }

    record ToolStarted(String runId, String agent, String callId, String tool, String argumentsJson)
            implements AgentEvent { }

    record ToolProgress(String runId, String agent, String callId, String tool, String message, double fraction)
            implements AgentEvent { }

    /**
     * A call waits for a human's approval (the question is being asked); the tool's clock has not
     * started. Renderers stop drawing over the prompt until {@link ApprovalResolved}.
     */
    record ApprovalRequested(String runId, String agent, String callId, String tool, String summary)
            implements AgentEvent { }

    /** The approval question of a call was answered (or abandoned when the run was cancelled). */
    record ApprovalResolved(String runId, String agent, String callId, String tool, boolean approved)
            implements AgentEvent { }

    /** How a tool result was obtained. */
    enum ToolSource { EXECUTED, CACHED, COALESCED, DENIED, INVALID, CANCELLED }

    record ToolFinished(String runId, String agent, String callId, String tool, Duration elapsed,
                        boolean error, ToolSource source, int resultChars) implements AgentEvent { }

    /** A message became part of the conversation (persist it now: nothing acknowledged is lost). */
    record MessageAdded(String runId, String agent, Message message) implements AgentEvent { }

    record RunFinished(String runId, String agent, RunResult result) implements AgentEvent { }

    record RunFailed(String runId, String agent, String reason, Throwable error) implements AgentEvent { }
}
