package dev.tern.memory.episodes;

import java.time.Instant;
import java.util.Objects;

/**
 * An episode to store.
 *
 * @param session      the session key
 * @param summary      the summary (required)
 * @param startedAt    first message time
 * @param endedAt      last message time
 * @param messageCount messages summarised
 * @param source       provenance
 * @param vector       the summary's embedding, or null
 */
public record EpisodeDraft(String session, String summary, Instant startedAt, Instant endedAt, int messageCount,
                           String source, float[] vector) {

    public EpisodeDraft {
        if (summary == null || summary.isBlank()) throw new IllegalArgumentException("an episode needs a summary");
        summary = summary.strip();
        session = session == null ? "" : session;
        source = source == null || source.isBlank() ? "consolidation" : source;
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }

    public EpisodeDraft withVector(float[] v) {
        return new EpisodeDraft(session, summary, startedAt, endedAt, messageCount, source, v);
    }
}
