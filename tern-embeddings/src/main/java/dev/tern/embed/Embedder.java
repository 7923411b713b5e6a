package dev.tern.embed;

import java.util.List;
import java.util.Map;

/**
 * Turns texts into sentence-embedding vectors. Implementations are thread-safe and may be called from
 * any number of virtual threads at once.
 *
 * <p>Every vector returned has {@link #dimension()} components; local models return L2-normalised
 * vectors (cosine similarity is then a dot product, see {@link Vectors}). A returned array belongs to
 * the caller only if the implementation says so: treat vectors as read-only.
 */
public interface Embedder extends AutoCloseable {

    /**
     * Identifies the vector space: two embedders with the same id produce interchangeable vectors.
     * Caches key on it (for example {@code all-MiniLM-L6-v2} or {@code text-embedding-3-small@512}).
     */
    String modelId();

    /** Number of components of every vector. */
    int dimension();

    /** Embeds one text. */
    default float[] embed(String text) {
        return embedAll(List.of(text)).getFirst();
    }

    /**
     * Embeds a batch: result {@code i} is the vector of {@code texts.get(i)}. Batches are cheaper per
     * text than single calls (one model run / one HTTP request for many texts).
     *
     * @throws EmbeddingException when the texts cannot be embedded (model missing, server error, ...)
     */
    List<float[]> embedAll(List<String> texts);

    /** Counters taken where the work happens (for /perf and benchmarks), by stable names. */
    default Map<String, Long> counters() {
        return Map.of();
    }

    /** Releases what the embedder holds (a loaded model, threads). The embedder is unusable after. */
    @Override
    default void close() {
    }
}
