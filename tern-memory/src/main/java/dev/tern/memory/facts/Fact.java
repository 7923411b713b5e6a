package dev.tern.memory.facts;

import java.time.Duration;
import java.time.Instant;

/**
 * A fact about the user or the world (semantic memory), immutable. A fact is current until a newer
 * fact about the same subject and attribute supersedes it; it is then kept as history with its
 * validity interval.
 *
 * @param id           store id (stable; what {@code forget} takes)
 * @param text         the fact as one sentence, as said or extracted
 * @param subject      who or what it is about ("user", "Acme"), or null
 * @param attribute    which property of the subject ("city", "employer"), or null; subject + attribute
 *                     identify what a contradicting fact replaces
 * @param confidence   0..1 as stored (before decay)
 * @param source       provenance: {@code user}, {@code tool:remember}, {@code consolidation:<session>}, {@code MEMORY.md}
 * @param episodeId    the episode (consolidated conversation) it came from, or null
 * @param createdAt    when it was stored
 * @param confirmedAt  when it was last stated or re-confirmed (decay counts from here)
 * @param validFrom    since when it holds
 * @param validTo      until when it held (it was superseded), or null while current
 * @param supersededBy the fact that replaced it, or null
 */
public record Fact(long id, String text, String subject, String attribute, double confidence, String source,
                   Long episodeId, Instant createdAt, Instant confirmedAt, Instant validFrom, Instant validTo,
                   Long supersededBy) {

    /** Whether the fact still holds (not superseded). */
    public boolean current() { return validTo == null; }

    /**
     * Confidence after decay: halves every {@code halfLife} since the fact was last confirmed
     * (computed when read, so decay costs no writes).
     */
    public double effectiveConfidence(Instant now, Duration halfLife) {
        long age = Math.max(0, now.toEpochMilli() - confirmedAt.toEpochMilli());
        return confidence * Math.pow(0.5, (double) age / Math.max(1, halfLife.toMillis()));
    }
}
