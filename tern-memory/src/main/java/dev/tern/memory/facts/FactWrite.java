package dev.tern.memory.facts;

/**
 * What storing one draft did.
 *
 * @param fact       the fact as stored now (the new one, or the re-confirmed existing one)
 * @param kind       what happened
 * @param superseded the id of the fact it replaced ({@code SUPERSEDED} only), else null
 */
public record FactWrite(Fact fact, Kind kind, Long superseded) {

    public enum Kind {
        /** A new fact. */
        ADDED,
        /** The same fact was already current: its confirmation time and confidence were refreshed. */
        CONFIRMED,
        /** A new fact replaced the current one with the same subject and attribute (kept as history). */
        SUPERSEDED
    }
}
