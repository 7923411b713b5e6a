package dev.tern.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Stored results, least recently used first, bounded by total bytes; entries expire by TTL. All
 * methods are synchronized: each is a few map operations, far cheaper than any tool call.
 */
final class ByteLruStore {

    /**
     * One stored result.
     *
     * @param resource  the resource the call read ({@code ToolTraits.resourceOf}), or null
     * @param expiresAt nano-clock time after which the entry is stale
     * @param execNanos how long the original execution took (time saved per hit)
     */
    record Entry(String key, String tool, String content, String resource, long bytes, long expiresAt,
                 long execNanos) { }

    /** What a put did: whether the entry was stored and which entries it pushed out. */
    record PutResult(boolean stored, List<Entry> evicted, Entry replaced) { }

    private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(64, 0.75f, true);
    private final long maxBytes;
    private long bytes;

    ByteLruStore(long maxBytes) { this.maxBytes = maxBytes; }

    /** The fresh entry for {@code key}, or null; an expired entry is removed and returned via {@code expired}. */
    synchronized Entry get(String key, long now, List<Entry> expired) {
        Entry e = map.get(key);
        if (e == null) return null;
        if (now - e.expiresAt() >= 0) {
            map.remove(key);
            bytes -= e.bytes();
            expired.add(e);
            return null;
        }
        return e;
    }

    synchronized PutResult put(Entry e) {
        if (e.bytes() > maxBytes) return new PutResult(false, List.of(), null);
        Entry old = map.put(e.key(), e);
        if (old != null) bytes -= old.bytes();
        bytes += e.bytes();
        List<Entry> evicted = List.of();
        if (bytes > maxBytes) {
            evicted = new ArrayList<>();
            Iterator<Entry> it = map.values().iterator();
            while (bytes > maxBytes && it.hasNext()) {
                Entry victim = it.next();
                if (victim == e) continue;
                it.remove();
                bytes -= victim.bytes();
                evicted.add(victim);
            }
        }
        return new PutResult(true, evicted, old);
    }

    /** Removes every entry matching {@code which}; returns them. */
    synchronized List<Entry> removeIf(Predicate<Entry> which) {
        List<Entry> removed = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (which.test(e)) {
                it.remove();
                bytes -= e.bytes();
                removed.add(e);
            }
        }
        return removed;
    }

    synchronized long bytes() { return bytes; }

    synchronized int size() { return map.size(); }

    synchronized List<Entry> entries() { return List.copyOf(map.values()); }

    long maxBytes() { return maxBytes; }
}
