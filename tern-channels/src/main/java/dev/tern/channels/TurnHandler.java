package dev.tern.channels;

/**
 * The one call through which channels, cron jobs and the heartbeat get an agent turn. The runtime
 * implements it: it opens (or reuses) the session {@link TurnRequest#sessionKey()}, runs one turn
 * through the same gateway, executor, memory and budgets as {@code tern run}, and returns the answer.
 *
 * <p>Contract: called on a virtual thread, may block for the whole turn; must run at most one turn
 * at a time per session key (a cron job may target a chat session while its person writes); should
 * not throw (a thrown exception is treated as {@link Reply#failure}).
 */
@FunctionalInterface
public interface TurnHandler {
    Reply turn(TurnRequest request, TurnProgress progress);
}
