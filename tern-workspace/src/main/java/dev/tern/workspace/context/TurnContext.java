package dev.tern.workspace.context;

/**
 * Contributes to the volatile part of a turn (the block appended to the user message, after the
 * time and channel), never to the system prompt: recalled memory, similar past tasks. Implementations
 * are thread-safe and fast (they run before every model request of a turn's first call).
 */
@FunctionalInterface
public interface TurnContext {

    /**
     * One turn about to run.
     *
     * @param agent   the agent's name
     * @param session the session key, or null
     * @param input   what the user said
     */
    record Turn(String agent, String session, String input) { }

    /** The block for this turn, or "" for none. */
    String forTurn(Turn turn);
}
