package dev.tern.sim.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The batches of one API, in creation order, bounded: past the bound the oldest finished batch is forgotten. */
final class BatchStore {

    private final int max;
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffL, 36);

    BatchStore(int max) {
        this.max = max;
    }

    String newId(String prefix) { return prefix + idPrefix + Long.toString(ids.incrementAndGet(), 36); }

    /**
     * Adds a batch, forgetting the oldest finished one when full.
     *
     * @param forget called with a forgotten batch (to drop its files)
     * @return false when the store is full of unfinished batches
     */
    synchronized boolean add(Batch b, long now, Consumer<Batch> forget) {
        if (batches.size() >= max) {
            Iterator<Batch> it = batches.values().iterator();
            boolean freed = false;
            while (it.hasNext()) {
                Batch old = it.next();
                if (old.finished(now)) {
                    it.remove();
                    forget.accept(old);
                    freed = true;
                    break;
                }
            }
            if (!freed) return false;
        }
        batches.put(b.id(), b);
        return true;
    }

    synchronized Batch get(String id) { return batches.get(id); }

    synchronized Batch remove(String id) { return batches.remove(id); }

    /** Newest first. */
    synchronized List<Batch> list() { return new ArrayList<>(batches.values()).reversed(); }

    synchronized void clear() { batches.clear(); }
}
