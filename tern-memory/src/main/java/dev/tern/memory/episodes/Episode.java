package dev.tern.memory.episodes;

import java.time.Instant;

/**
 * Episodic memory: the consolidated summary of a stretch of one conversation, with when and where
 * it happened.
 *
 * @param id           store id
 * @param session      the session key it came from ({@code cli:direct}, {@code telegram:42} ...)
 * @param summary      what happened, decided or was learned (the HISTORY.md paragraph)
 * @param startedAt    time of the first message summarised
 * @param endedAt      time of the last message summarised
 * @param messageCount messages summarised
 * @param source       who wrote it ({@code consolidation}, {@code import})
 * @param createdAt    when it was stored
 */
public record Episode(long id, String session, String summary, Instant startedAt, Instant endedAt, int messageCount,
                      String source, Instant createdAt) { }
