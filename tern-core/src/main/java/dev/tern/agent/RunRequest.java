package dev.tern.agent;

import dev.tern.cancel.Cancellation;
import dev.tern.model.Message;
import dev.tern.run.AgentListener;
import dev.tern.run.RunContext;
import dev.tern.run.RunJournal;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of an agent.
 *
 * @param history      earlier messages of the conversation (no system message), never null
 * @param input        the new user message, or null to continue a conversation whose history ends with the
 *                     results of external tool calls (see {@code Tool#external})
 * @param sessionId    the conversation id (prompt-cache key, session file), or null
 * @param workspace    the workspace folder tools work in, or null
 * @param runtimeBlock volatile facts (time, channel) appended to the user turn, so the system
 *                     prompt stays byte-stable; or null
 * @param listeners    extra listeners for this run only
 * @param parent       the parent run when this is a sub-agent (events, attributes and cancellation
 *                     are inherited), or null
 * @param cancellation the caller's token (Ctrl-C, a client that went away), or null for a fresh one;
 *                     the run cancels a child of it at its wall-time limit
 * @param journal      where each step is persisted before the loop goes on, or null for none
 */
public record RunRequest(List<Message> history, String input, String sessionId, Path workspace,
                         String runtimeBlock, List<AgentListener> listeners, RunContext parent,
                         Cancellation cancellation, RunJournal journal) {

    public RunRequest {
        history = history == null ? List.of() : List.copyOf(history);
        listeners = listeners == null ? List.of() : List.copyOf(listeners);
        journal = journal == null ? RunJournal.NONE : journal;
    }

    public RunRequest(List<Message> history, String input, String sessionId, Path workspace,
                      String runtimeBlock, List<AgentListener> listeners, RunContext parent) {
        this(history, input, sessionId, workspace, runtimeBlock, listeners, parent, null, null);
    }

    /** A run that continues {@code history} (which ends with tool results) without a new user message. */
    public static RunRequest continuing(List<Message> history) {
        return new RunRequest(history, null, null, null, null, List.of(), null, null, null);
    }

    public static RunRequest of(String input) {
        return new RunRequest(List.of(), input, null, null, null, List.of(), null, null, null);
    }

    public RunRequest withHistory(List<Message> h) { return new RunRequest(h, input, sessionId, workspace, runtimeBlock, listeners, parent, cancellation, journal); }

    public RunRequest withSession(String id) { return new RunRequest(history, input, id, workspace, runtimeBlock, listeners, parent, cancellation, journal); }

    public RunRequest withWorkspace(Path w) { return new RunRequest(history, input, sessionId, w, runtimeBlock, listeners, parent, cancellation, journal); }

    public RunRequest withRuntimeBlock(String b) { return new RunRequest(history, input, sessionId, workspace, b, listeners, parent, cancellation, journal); }

    public RunRequest withListeners(List<AgentListener> l) { return new RunRequest(history, input, sessionId, workspace, runtimeBlock, l, parent, cancellation, journal); }

    public RunRequest withParent(RunContext p) { return new RunRequest(history, input, sessionId, workspace, runtimeBlock, listeners, p, cancellation, journal); }

    public RunRequest withCancellation(Cancellation c) { return new RunRequest(history, input, sessionId, workspace, runtimeBlock, listeners, parent, c, journal); }

    public RunRequest withJournal(RunJournal j) { return new RunRequest(history, input, sessionId, workspace, runtimeBlock, listeners, parent, cancellation, j); }
}
