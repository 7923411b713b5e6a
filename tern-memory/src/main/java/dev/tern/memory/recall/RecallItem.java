package dev.tern.memory.recall;

import java.time.Instant;

/**
 * One thing recall found, with the signals that ranked it.
 *
 * @param kind    fact, episode (past conversation) or relation (knowledge graph edge)
 * @param id      the fact, episode or relation id
 * @param text    what goes into the prompt
 * @param time    when it was said / happened / last confirmed
 * @param score   the fused score recall ranks and thresholds by
 * @param vector  cosine similarity to the query (0 when unknown)
 * @param keyword bm25 match, normalised to 0..1 (0 when no keyword matched)
 * @param graph   1 when the query names an entity it is linked to, else 0
 */
public record RecallItem(Kind kind, long id, String text, Instant time, double score, double vector, double keyword, double graph) {

    public enum Kind {
        FACT, EPISODE, RELATION;

        /** Lower-case name, as in {@code --json} output. */
        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
