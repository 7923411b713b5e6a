package dev.tern.store;

import dev.tern.model.Message;
import dev.tern.run.RunJournal;
import java.util.List;

/**
 * One conversation: an append-only sequence of messages plus a little metadata. It is the journal
 * of the runs made in it ({@link RunJournal}): the agent loop appends each step before going on, so
 * an acknowledged message is never lost, and a crash between an answer's tool calls and their results
 * is repaired on the next load (the dangling calls get an "interrupted" result, so both providers'
 * wire formats accept the conversation). Thread-safe.
 */
public interface Session extends RunJournal {

    String key();

    /**
     * Appends one message; returns once it is persisted according to the store's durability policy.
     *
     * @throws StoreException when it cannot be persisted
     */
    void append(Message message);

    /** Every message, in order (a copy). */
    List<Message> messages();

    /**
     * The history to send with the next turn: the unconsolidated messages, at most {@code maxMessages}
     * of the most recent, starting at a user turn so that no tool result is orphaned.
     */
    List<Message> history(int maxMessages);

    /** Entries [from, to) with their timestamps (a copy). */
    List<SessionEntry> entries(int from, int to);

    int size();

    SessionInfo info();

    int lastConsolidated();

    /**
     * Records that messages [0, index) are consolidated into memory.
     *
     * @throws IllegalArgumentException when index is outside [lastConsolidated, size]
     * @throws StoreException when it cannot be persisted
     */
    void markConsolidated(int index);

    String title();

    void setTitle(String title);

    /** Where it is stored, for people (a file path, a table and key). */
    default String location() { return key(); }

    /** Problems found and repaired when the session was loaded (torn lines, dangling tool calls), one line each. */
    List<String> loadWarnings();
}
