package dev.tern.tool;

/**
 * A check made before a call's clock starts: permission modes, a human's approval. It may block
 * (waiting for the human), but then it must observe the run's cancellation
 * ({@code call.run().cancellation()}) and never hold a thread that nobody can cancel. Time spent here
 * is not tool time: the tool's timeout starts after every gate let the call through.
 */
@FunctionalInterface
public interface ToolGate {

    /**
     * @return null to let the call run, or the result to answer instead (usually an error with source
     *         {@code DENIED})
     * @throws InterruptedException when the run was cancelled while waiting
     */
    ToolResult check(Tool tool, ToolCallContext call) throws InterruptedException;
}
