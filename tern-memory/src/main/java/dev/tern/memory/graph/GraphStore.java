package dev.tern.memory.graph;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The knowledge graph: entities merged by normalised name, weighted relations, links from facts to
 * the entities they mention. Every write is incremental (an upsert of the rows concerned; nothing is
 * ever rebuilt), every read is bounded (neighbourhoods by hops and a limit, lookups by key). Every
 * implementation passes {@code GraphStoreContract}.
 */
public interface GraphStore {

    /**
     * Creates the entities that do not exist yet and counts a mention of the others, in one
     * transaction; returns the id of each given name (keys as given).
     *
     * @param types name → type (null values and missing names leave the type as is)
     */
    Map<String, Long> upsertEntities(Collection<String> names, Map<String, String> types, Instant at);

    /** Stores relations (their entities upserted), one transaction; a repeated relation gains weight. */
    List<Relation> addRelations(List<Triple> triples, Long factId, Instant at);

    /** Entities whose normalised name is one of {@code candidates} (e.g. the n-grams of a message). */
    List<Entity> findByNames(Collection<String> candidates);

    /**
     * Relations within {@code hops} of the given entities, heaviest first, at most {@code limit}
     * (breadth-first, each hop bounded by the limit: a hub never pulls in the whole graph).
     */
    List<Relation> neighbourhood(Collection<Long> entityIds, int hops, int limit);

    /** Links facts to the entities they mention (idempotent), one transaction. */
    void link(Map<Long, Collection<Long>> entitiesByFact);

    /** Facts linked to these entities, most recently linked first, at most {@code limit}. */
    List<Long> factsOf(Collection<Long> entityIds, int limit);

    /** Entity ids each fact is linked to. */
    Map<Long, List<Long>> entitiesOf(Collection<Long> factIds);

    /** Removes the links of deleted facts. */
    void unlinkFacts(Collection<Long> factIds);

    /** Merges {@code duplicate} into {@code keep}: its relations and fact links move over, then it is deleted. */
    void merge(long keep, long duplicate);

    /** The most mentioned entities. */
    List<Entity> topEntities(int limit);

    long countEntities();

    /** Streams every entity, then every relation, in id order (export), without holding them all. */
    void forEach(java.util.function.Consumer<Entity> entities, java.util.function.Consumer<Relation> relations);

    long countRelations();
}
