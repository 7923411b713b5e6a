package dev.tern.memory.vector;

import java.util.List;

/**
 * A store whose items carry vectors: what {@link Backfill} needs to give a vector to every item
 * stored without one (embeddings were off, the model changed, the embedder failed at the time).
 */
public interface Embeddable {

    /** An item that should have a vector and has none. */
    record Pending(long id, String group, String text) { }

    /** Up to {@code limit} items without a vector, oldest first. */
    List<Pending> missingVectors(int limit);

    /** Stores vectors for items (one transaction). */
    void putVectors(List<VectorSpace.Entry> entries);
}
