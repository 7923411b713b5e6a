package dev.tern.tool;

import dev.tern.model.ToolSpec;

/**
 * A tool the model can call. Implement it directly, or annotate methods with {@code @ToolMethod} and
 * register {@code AnnotatedTools.from(object)} with {@link ToolRegistry#registerAll}.
 *
 * <p>{@link #execute} is called from a virtual thread by the single {@code ToolExecutor}; it may block.
 * Throwing is fine: the executor turns any exception into an error result the model can read.
 */
public interface Tool {

    /** The model-facing definition; must return the same value every time (computed once). */
    ToolSpec spec();

    /** How the tool may be scheduled and cached. Default: not read-only, not exclusive, 60 s timeout. */
    default ToolTraits traits() { return ToolTraits.DEFAULT; }

    /** Runs the call. Arguments are already repaired and validated against the schema. */
    ToolResult execute(ToolCallContext call) throws Exception;

    default String name() { return spec().name(); }

    /**
     * True for a tool the CALLER runs (a function an HTTP client declared): the loop never executes it.
     * When an answer calls one, the loop runs the answer's other calls, then ends the run with
     * {@code Outcome.TOOL_CALLS}; the caller runs the external calls and continues the conversation
     * with their results (a {@code RunRequest} with no new input).
     */
    default boolean external() { return false; }
}
