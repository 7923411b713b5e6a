package dev.tern.memory.vector;

import java.util.ArrayList;
import java.util.List;

/** Gives every stored item a vector, in batches, until none is missing (run in the background at open). */
public final class Backfill {

    static final int BATCH = 64;

    private Backfill() { }

    /** Embeds what is missing in {@code store}; returns how many items got a vector. */
    public static int run(Embeddable store, Embeddings embeddings) {
        if (!embeddings.enabled()) return 0;
        int done = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<Embeddable.Pending> pending = store.missingVectors(BATCH);
            if (pending.isEmpty()) break;
            List<float[]> vs = embeddings.embedAll(pending.stream().map(Embeddable.Pending::text).toList());
            List<VectorSpace.Entry> entries = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                entries.add(new VectorSpace.Entry(pending.get(i).id(), pending.get(i).group(), vs.get(i)));
            }
            store.putVectors(entries);
            done += entries.size();
            if (pending.size() < BATCH) break;
        }
        return done;
    }
}
