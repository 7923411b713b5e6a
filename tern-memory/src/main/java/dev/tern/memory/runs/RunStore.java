package dev.tern.memory.runs;

import dev.tern.memory.store.ScoredId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Agent memory: the finished runs of every agent, searchable by task. Every implementation passes
 * {@code RunStoreContract}.
 */
public interface RunStore {

    /** Stores runs in one transaction; returns them with ids, in order. */
    List<RunRecord> addAll(List<RunDraft> drafts);

    default RunRecord add(RunDraft d) { return addAll(List.of(d)).getFirst(); }

    /** Runs by id in the order given (unknown ids skipped). */
    List<RunRecord> get(Collection<Long> ids);

    /** This agent's runs whose task matches the keywords of {@code task}, best (bm25) first. */
    List<ScoredId> keyword(String agent, String task, int k);

    /** This agent's runs whose task vector is nearest to {@code vector}, best (cosine) first. */
    List<ScoredId> similar(String agent, float[] vector, int k);

    /** This agent's runs of exactly this task (normalised), newest first. */
    List<RunRecord> sameTask(String agent, String task, int limit);

    /** This agent's newest runs (every agent's when {@code agent} is null). */
    List<RunRecord> recent(String agent, int limit);

    /** Deletes runs that finished before {@code cutoff}; returns how many. */
    int pruneOlderThan(Instant cutoff);

    /** Keeps each agent's newest {@code keep} runs and deletes the rest; returns how many were deleted. */
    int pruneKeepingNewest(int keep);

    /** Runs stored, by agent. */
    Map<String, Long> countByAgent();

    long count();

    /** Streams every run in id order (export), without holding them all. */
    void forEach(java.util.function.Consumer<RunRecord> action);
}
