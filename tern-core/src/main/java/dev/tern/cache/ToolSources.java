package dev.tern.cache;

import dev.tern.agent.AgentEvent.ToolSource;
import dev.tern.agent.RunContext;
import dev.tern.tool.ToolCallContext;

/**
 * Tells the tool executor how a result was obtained, without changing any core type: an interceptor
 * that answers a call itself (the cache) marks the call in the run's attributes under
 * {@code "tern.tool.source:" + callId}; the executor calls {@link #take} after the interceptor chain
 * returns and puts the value into {@code ToolFinished.source} ({@code EXECUTED} when unmarked).
 */
public final class ToolSources {

    public static final String ATTRIBUTE_PREFIX = "tern.tool.source:";

    private ToolSources() { }

    /** Records how {@code call}'s result was obtained. */
    public static void mark(ToolCallContext call, ToolSource source) {
        try {
            call.run().attributes().put(ATTRIBUTE_PREFIX + call.callId(), source);
        } catch (UnsupportedOperationException readOnlyAttributes) {
            // a run built with an immutable attribute map cannot carry the mark; the event then says EXECUTED
        }
    }

    /** Removes and returns the mark of {@code callId}, {@link ToolSource#EXECUTED} when there is none. */
    public static ToolSource take(RunContext run, String callId) {
        Object v;
        try {
            v = run.attributes().remove(ATTRIBUTE_PREFIX + callId);
        } catch (UnsupportedOperationException readOnlyAttributes) {
            v = run.attributes().get(ATTRIBUTE_PREFIX + callId);
        }
        return v instanceof ToolSource s ? s : ToolSource.EXECUTED;
    }
}
