package dev.tern.memory.facts;

import dev.tern.memory.store.ScoredId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic memory: facts with provenance, confidence, confirmation time and validity. Every
 * implementation (SQLite here, PostgreSQL later) passes {@code FactStoreContract}.
 *
 * <p>Writes are batches (one transaction each); reads never load the whole table: pages by id,
 * lookups by id sets, top-k searches.
 */
public interface FactStore {

    /**
     * Stores drafts in one transaction, in order. A draft whose text equals a current fact's
     * (normalised) re-confirms it; a draft with a subject and attribute supersedes the current fact
     * with the same pair (or the explicit {@link FactDraft#supersedes()} id), which is kept as history.
     */
    List<FactWrite> addAll(List<FactDraft> drafts);

    default FactWrite add(FactDraft draft) { return addAll(List.of(draft)).getFirst(); }

    /** The facts with these ids (current or history), in the order given; unknown ids are skipped. */
    List<Fact> get(Collection<Long> ids);

    default Optional<Fact> get(long id) { return get(List.of(id)).stream().findFirst(); }

    /** Current facts with id greater than {@code afterId}, ascending, at most {@code limit} (keyset paging). */
    List<Fact> current(long afterId, int limit);

    /**
     * Streams every current fact's line to {@code action}, facts without a subject first, then by subject key and
     * id, without holding them all in memory (MEMORY.md is rendered this way).
     */
    void forEachCurrentLine(java.util.function.Consumer<FactLine> action);

    /**
     * The lines of one subject's current facts ({@link FactLine#sectionKey()}: "" for the facts without a subject), in
     * {@link #forEachCurrentLine(java.util.function.Consumer)}'s order.
     */
    void forEachCurrentLine(String subjectKey, java.util.function.Consumer<FactLine> action);

    /**
     * Every subject's digest of its current facts, in {@link #forEachCurrentLine(java.util.function.Consumer)}'s order
     * (the facts without a subject first, as key ""), without reading their texts: what MEMORY.md compares with its last render.
     */
    List<SubjectDigest> currentSubjects();

    /** The most recently confirmed current facts, newest first. */
    List<Fact> recent(int limit);

    /** Streams every fact, history included, in id order (export). */
    void forEachAll(java.util.function.Consumer<Fact> action);

    /** The fact and the facts it superseded, newest first. */
    List<Fact> history(long id);

    /** Current facts matching the keywords of {@code query}, best (bm25) first. */
    List<ScoredId> keyword(String query, int k);

    /** Current facts whose vectors are nearest to {@code vector}, best (cosine) first. */
    List<ScoredId> similar(float[] vector, int k);

    /** Cosine similarity of {@code vector} to each of these facts' vectors (facts without one are left out). */
    Map<Long, Double> similarities(float[] vector, Collection<Long> ids);

    /** The current fact with the same (normalised) text, for each text that has one. */
    Map<String, Long> currentIdsByText(Collection<String> texts);

    /** Current facts whose subject is one of {@code subjects} (compared normalised), newest first. */
    List<Fact> aboutSubjects(Collection<String> subjects, int limit);

    /** Marks current facts as confirmed at {@code at} (decay restarts); returns how many were current. */
    int confirm(Collection<Long> ids, Instant at);

    /**
     * Deletes facts and their history (privacy: a forgotten fact is gone, not hidden), in one
     * transaction; returns the ids deleted.
     */
    List<Long> forget(Collection<Long> ids);

    /** Current facts. */
    long countCurrent();

    /** All stored facts, history included. */
    long countAll();
}
