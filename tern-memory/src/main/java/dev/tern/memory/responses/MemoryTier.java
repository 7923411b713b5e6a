package dev.tern.memory.responses;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The memory tier: answers by key, bounded by bytes, evicting the entries with the fewest hits, oldest
 * first, in O(k log n) for k evictions.
 *
 * <p>Lookups take no lock: a concurrent map read and an atomic hit increment. Eviction order lives in a
 * binary heap keyed by (hits when queued, creation order). Because hits only grow, a queued key is never
 * above the entry's real key, so eviction pops the minimum and either evicts it (its queued hits are
 * current: it is the real minimum) or re-queues it with its current hits. Entries removed for other
 * reasons (expiry, failed verification, replacement) leave stale heap nodes that are skipped, and the
 * heap is rebuilt when stale nodes outnumber live ones.
 */
final class MemoryTier {

    /** Bytes charged per entry beyond its encoded answer: map node, slot, key, heap node. */
    static final long OVERHEAD = 256;

    /** One stored answer. */
    static final class Slot {
        final CachedAnswer answer;
        final byte[] signature;
        final long bytes;
        final long seq;
        final AtomicInteger hits = new AtomicInteger();

        Slot(CachedAnswer answer, byte[] signature, long bytes, long seq) {
            this.answer = answer;
            this.signature = signature;
            this.bytes = bytes;
            this.seq = seq;
        }
    }

    private record Node(Slot slot, int hits) { }

    /**
     * Fewest hits first, then the oldest. A plain lambda: Comparator's combinators make serializable lambdas, which
     * the AOT cache cannot hold, so their classes were spun in every process that opened a response cache.
     */
    private static final Comparator<Node> ORDER = (a, b) -> {
        int c = Integer.compare(a.hits(), b.hits());
        if (c == 0) c = Long.compare(a.slot().answer.createdMillis(), b.slot().answer.createdMillis());
        return c != 0 ? c : Long.compare(a.slot().seq, b.slot().seq);
    };

    private final long maxBytes;
    private final ConcurrentHashMap<String, Slot> map = new ConcurrentHashMap<>();
    private final PriorityQueue<Node> heap = new PriorityQueue<>(ORDER);
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong bytes = new AtomicLong();
    private long seq;

    MemoryTier(long maxBytes) { this.maxBytes = maxBytes; }

    /** The entry for {@code key}, counting a hit; null when absent. Expiry is the caller's call. */
    Slot hit(String key) {
        Slot s = map.get(key);
        if (s != null) s.hits.incrementAndGet();
        return s;
    }

    /**
     * Stores an answer (replacing one with the same key) and evicts until the bound holds.
     *
     * @return the entries evicted to make room (the replaced entry is not among them); the new entry is
     *         not stored at all when it alone exceeds the bound
     */
    List<Slot> put(CachedAnswer answer, byte[] signature, int encodedBytes) {
        long weight = encodedBytes + signature.length + OVERHEAD + 2L * answer.key().length();
        if (weight > maxBytes) return List.of();
        lock.lock();
        try {
            Slot s = new Slot(answer, signature, weight, seq++);
            Slot old = map.put(answer.key(), s);
            if (old != null) bytes.addAndGet(-old.bytes);
            bytes.addAndGet(weight);
            heap.add(new Node(s, 0));
            List<Slot> evicted = evict(s);
            if (heap.size() > 2 * map.size() + 1024) rebuild();
            return evicted;
        } finally {
            lock.unlock();
        }
    }

    /** Evicts until the bound holds; {@code keep} (the entry being stored) is spared in this pass. */
    private List<Slot> evict(Slot keep) {
        List<Slot> out = List.of();
        Node kept = null;
        while (bytes.get() > maxBytes) {
            Node n = heap.poll();
            if (n == null) break;
            Slot s = n.slot();
            if (map.get(s.answer.key()) != s) continue; // stale: removed or replaced
            int hits = s.hits.get();
            if (hits != n.hits()) {
                heap.add(new Node(s, hits)); // its key grew since it was queued
                continue;
            }
            if (s == keep) {
                kept = n;
                continue;
            }
            map.remove(s.answer.key(), s);
            bytes.addAndGet(-s.bytes);
            if (out.isEmpty()) out = new ArrayList<>();
            out.add(s);
        }
        if (kept != null) heap.add(kept);
        return out;
    }

    private void rebuild() {
        heap.clear();
        for (Slot s : map.values()) heap.add(new Node(s, s.hits.get()));
    }

    /** Removes {@code key} if it still maps to {@code expected}; returns whether it did. */
    boolean remove(String key, Slot expected) {
        lock.lock();
        try {
            if (!map.remove(key, expected)) return false;
            bytes.addAndGet(-expected.bytes);
            return true;
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            map.clear();
            heap.clear();
            bytes.set(0);
        } finally {
            lock.unlock();
        }
    }

    int size() { return map.size(); }

    long bytes() { return bytes.get(); }

    long maxBytes() { return maxBytes; }
}
