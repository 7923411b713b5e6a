package dev.tern.workspace.permission;

/**
 * Asks the user whether a tool call may run (the chat REPL implements it). Calls are serialized by
 * the interceptor: one question at a time. Put an instance into the run's attributes under
 * {@link #ATTRIBUTE} to use it for that run, or give it to the interceptor.
 */
@FunctionalInterface
public interface PermissionPrompter {

    /** The {@code RunContext} attribute key under which a run carries its prompter. */
    String ATTRIBUTE = "permission.prompter";

    /** Blocks until the user answers; may be interrupted. */
    PermissionDecision ask(PermissionRequest request) throws InterruptedException;
}
