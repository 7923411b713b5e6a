package dev.tern.memory.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished run of an agent, as agent memory keeps it.
 *
 * @param id           store id
 * @param agent        the agent's name
 * @param task         what it was asked
 * @param taskHash     64-bit hash (16 hex chars of SHA-256) of the normalised task: identical tasks meet
 * @param summary      the leading part of its answer, bounded in tokens
 * @param success      whether it completed
 * @param outcome      how it ended (COMPLETED, MAX_ITERATIONS, FAILED ...)
 * @param inputTokens  tokens sent over all its model calls
 * @param outputTokens tokens received
 * @param costUsd      money spent (0 when prices are unknown)
 * @param duration     wall time
 * @param model        the model, or null
 * @param session      the session, or null
 * @param finishedAt   when it finished
 */
public record RunRecord(long id, String agent, String task, String taskHash, String summary, boolean success, String outcome,
                        long inputTokens, long outputTokens, double costUsd, Duration duration, String model, String session,
                        Instant finishedAt) { }
