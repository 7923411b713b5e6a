package dev.tern.provider.internal;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * Values keyed by the identity of objects that are held weakly, bounded by a total weight, evicted in CLOCK order
 * (the oldest entry goes first unless it was read since the hand last passed it: then it gets a second chance).
 *
 * <p>Why not Caffeine, which the rest of Tern uses: this cache is read once per message of every request (200
 * lookups for a 200-message history), on the one path every model call takes. Caffeine's bounded cache records each
 * read in a buffer and drains the buffers into its frequency sketch and access-order deques; with weak keys every
 * read also allocates a lookup key and every write a reference of its own. Both its read path and its maintenance are
 * large code that a fresh JVM must compile before it is cheap: in the JIT log of {@code tern bench overhead}'s first
 * round trips, Caffeine was a quarter of what C1 and C2 compiled (~100 of ~380 ms). Here a read is one
 * {@link ConcurrentHashMap} lookup and one store to a flag; a write one insert and one queue append; eviction runs
 * only when a write crosses the bound. What CLOCK gives up beside W-TinyLFU is scan resistance, which this cache does
 * not need: its keys are the messages of live conversations, each read once per call of its conversation.
 *
 * @param <V> the cached values
 */
final class WeakIdentityCache<V> {

    private final ConcurrentHashMap<Object, Entry<V>> map = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Entry<V>> clock = new ConcurrentLinkedQueue<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final AtomicLong weight = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();
    private final long maxWeight;
    private final ToLongFunction<V> weigher;

    WeakIdentityCache(long maxWeight, ToLongFunction<V> weigher) {
        if (maxWeight < 0) throw new IllegalArgumentException("maxWeight must be >= 0: " + maxWeight);
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The value cached for {@code key} (this very object, not an equal one), or {@code null}. */
    V get(Object key) {
        expunge();
        Entry<V> e = map.get(new Lookup(key));
        if (e == null) return null;
        if (!e.used) e.used = true; // a racy flag: a lost store only costs the entry its second chance
        return e.value;
    }

    /** Caches {@code value} for {@code key} unless a value is cached for it already; evicts down to the bound. */
    void put(Object key, V value) {
        expunge();
        Entry<V> e = new Entry<>(key, collected, value, weigher.applyAsLong(value));
        if (map.putIfAbsent(e, e) != null) return;
        clock.add(e);
        if (weight.addAndGet(e.weight) > maxWeight) evict();
    }

    /** Entries held, after dropping those whose keys were collected. */
    int size() {
        expunge();
        return map.size();
    }

    /** Total weight of the entries held. */
    long weight() {
        expunge();
        return weight.get();
    }

    /** Drops the entries whose keys the garbage collector cleared. */
    private void expunge() {
        Reference<?> r;
        while ((r = collected.poll()) != null) {
            @SuppressWarnings("unchecked")
            Entry<V> e = (Entry<V>) r;
            if (map.remove(e, e)) weight.addAndGet(-e.weight);
        }
    }

    /**
     * Moves the hand until the weight is within the bound: an entry read since the hand's last pass is re-queued with
     * its flag cleared, any other one is removed; after one full turn no entry is spared, so the loop ends even while
     * readers keep setting flags. One writer evicts at a time. A writer that finds another at it leaves the work to it,
     * and the evicting one looks at the weight again after letting go of the lock, so a write that came in meanwhile
     * is not left over the bound.
     */
    private void evict() {
        while (weight.get() > maxWeight && evicting.tryLock()) {
            try {
                long spare = map.size();
                while (weight.get() > maxWeight) {
                    Entry<V> e = clock.poll();
                    if (e == null) return; // every weighed entry is queued before it is weighed: nothing left to take
                    if (e.used && spare-- > 0 && !e.refersTo(null) && map.get(e) == e) {
                        e.used = false;
                        clock.add(e);
                    } else if (map.remove(e, e)) {
                        weight.addAndGet(-e.weight);
                    }
                }
            } finally {
                evicting.unlock();
            }
        }
    }

    /** An entry is its own map key: it holds its key weakly and compares it by identity. */
    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        final long weight;
        boolean used;

        Entry(Object key, ReferenceQueue<Object> queue, V value, long weight) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
            this.value = value;
            this.weight = weight;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) return true;
            Object k = get();
            return k != null && (o instanceof Lookup l ? l.key == k : o instanceof Entry<?> e && e.get() == k);
        }
    }

    /** The key of one read: compared with the entries' keys by identity. */
    private record Lookup(Object key) {
        @Override
        public int hashCode() {
            return System.identityHashCode(key);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?> e ? e.get() == key : o instanceof Lookup l && l.key == key;
        }
    }
}
