package dev.tern.memory.episodes;

import dev.tern.memory.store.ScoredId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Episodic memory. Every implementation passes {@code EpisodeStoreContract}. */
public interface EpisodeStore {

    /** Stores episodes in one transaction; returns them with their ids, in order. */
    List<Episode> addAll(List<EpisodeDraft> drafts);

    default Episode add(EpisodeDraft d) { return addAll(List.of(d)).getFirst(); }

    /** Episodes by id, in the order given (unknown ids skipped). */
    List<Episode> get(Collection<Long> ids);

    /** The newest episodes (by end time), at most {@code limit}, newest first. */
    List<Episode> recent(int limit);

    List<ScoredId> keyword(String query, int k);

    List<ScoredId> similar(float[] vector, int k);

    /** Cosine similarity of {@code vector} to each of these episodes' vectors (those without one are left out). */
    Map<Long, Double> similarities(float[] vector, Collection<Long> ids);

    /** Deletes episodes; returns how many existed. */
    int forget(Collection<Long> ids);

    long count();

    /** Streams every episode in id order (export), without holding them all. */
    void forEach(java.util.function.Consumer<Episode> action);
}
