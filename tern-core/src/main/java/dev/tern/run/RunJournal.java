package dev.tern.run;

import dev.tern.model.Message;
import dev.tern.model.ToolCall;
import java.util.List;

/**
 * Where a run writes its steps, as part of the loop: the user input, each model answer, the tool
 * calls about to start (keyed by call id) and their results, and the outcome. The loop goes on only
 * after a step is written; a write that fails stops the run with a clear error instead of losing the
 * step (a full or read-only disk is an error, never a log line). A session store implements it, so a
 * crash between an answer's tool calls and their results leaves enough to repair the conversation.
 */
public interface RunJournal {

    /** A journal that keeps nothing (one-shot runs with no session). */
    RunJournal NONE = new RunJournal() {
        @Override public void append(RunContext run, Message message) { }
    };

    /**
     * A message became part of the conversation.
     *
     * @throws JournalException when it cannot be persisted
     */
    void append(RunContext run, Message message);

    /**
     * These calls of the last answer are about to execute (side effects may follow).
     *
     * @throws JournalException when it cannot be persisted
     */
    default void toolsStarted(RunContext run, List<ToolCall> calls) { }

    /** The run ended (best effort: the messages are already safe). */
    default void finished(RunContext run, RunResult result) { }

    /** A step could not be persisted. */
    final class JournalException extends RuntimeException {
        public JournalException(String message, Throwable cause) { super(message, cause); }
    }
}
