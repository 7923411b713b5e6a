package dev.tern.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * The embedded {@link ToolResultStore}: results in memory, least recently used first, bounded by total
 * bytes, expiring by TTL; flights are futures in a concurrent map. Storage methods are synchronized:
 * each is a few map operations, far cheaper than any tool call.
 */
public final class MemoryToolResultStore implements ToolResultStore {

    private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(64, 0.75f, true);
    private final ConcurrentHashMap<String, CompletableFuture<Landing>> flights = new ConcurrentHashMap<>();
    private final long maxBytes;
    private long bytes;

    public MemoryToolResultStore(long maxBytes) { this.maxBytes = maxBytes; }

    @Override
    public synchronized Entry get(String key, long now, List<Entry> expired) {
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

    @Override
    public synchronized Put put(Entry e) {
        if (e.bytes() > maxBytes) return new Put(false, List.of(), null);
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
        return new Put(true, evicted, old);
    }

    @Override
    public List<Entry> invalidateResource(String resource) { return removeIf(e -> resource.equals(e.resource())); }

    @Override
    public List<Entry> invalidateAllResources() { return removeIf(e -> e.resource() != null); }

    @Override
    public List<Entry> invalidateTools(Predicate<String> toolName) { return removeIf(e -> toolName.test(e.tool())); }

    private synchronized List<Entry> removeIf(Predicate<Entry> which) {
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

    @Override
    public Flight join(String key) {
        CompletableFuture<Landing> mine = new CompletableFuture<>();
        CompletableFuture<Landing> leader = flights.putIfAbsent(key, mine);
        if (leader == null) return new Leading(key, mine);
        return new Following(leader);
    }

    @Override
    public synchronized int size() { return map.size(); }

    @Override
    public synchronized long bytes() { return bytes; }

    @Override
    public long maxBytes() { return maxBytes; }

    @Override
    public int inFlight() { return flights.size(); }

    private final class Leading implements Flight {
        private final String key;
        private final CompletableFuture<Landing> future;

        Leading(String key, CompletableFuture<Landing> future) {
            this.key = key;
            this.future = future;
        }

        @Override public boolean leader() { return true; }

        @Override public Landing await() { throw new IllegalStateException("the leader computes; it does not wait"); }

        @Override
        public void land(Landing landing) {
            flights.remove(key, future);
            future.complete(landing);
        }

        @Override
        public void abort(Throwable failure) {
            flights.remove(key, future);
            future.completeExceptionally(failure);
        }
    }

    private record Following(CompletableFuture<Landing> future) implements Flight {
        @Override public boolean leader() { return false; }

        @Override
        public Landing await() throws Exception {
            try {
                return future.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Exception ex) throw ex;
                if (cause instanceof Error err) throw err;
                throw e;
            }
        }

        @Override public void land(Landing landing) { throw new IllegalStateException("only the leader lands"); }

        @Override public void abort(Throwable failure) { throw new IllegalStateException("only the leader aborts"); }
    }
}
