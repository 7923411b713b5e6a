package dev.tern.memory.graph;

import java.time.Instant;

/**
 * A directed edge {@code source —relation→ target}. Stating the same relation again adds to its
 * weight instead of adding an edge.
 *
 * @param id          store id
 * @param source      source entity id
 * @param sourceName  its name
 * @param relation    the relation as stated ("works at")
 * @param target      target entity id
 * @param targetName  its name
 * @param weight      how many times it was stated
 * @param factId      the fact it came with, or null
 * @param confirmedAt when it was last stated
 */
public record Relation(long id, long source, String sourceName, String relation, long target, String targetName,
                       double weight, Long factId, Instant confirmedAt) {

    /** {@code Ana —works at→ Acme}. */
    public String text() { return sourceName + " —" + relation + "→ " + targetName; }
}
