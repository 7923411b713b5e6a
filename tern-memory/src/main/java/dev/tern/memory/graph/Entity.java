package dev.tern.memory.graph;

import java.time.Instant;

/**
 * A node of the knowledge graph: a person, place, organisation, project or thing the conversations
 * mention. Names that normalise alike ("The Acme Corp." / "acme corp") are one entity.
 *
 * @param id        store id
 * @param name      display name (as first seen)
 * @param type      person, place, organization ... or null
 * @param mentions  how many times consolidation or the user mentioned it
 * @param createdAt first seen
 * @param updatedAt last mentioned
 */
public record Entity(long id, String name, String type, long mentions, Instant createdAt, Instant updatedAt) { }
