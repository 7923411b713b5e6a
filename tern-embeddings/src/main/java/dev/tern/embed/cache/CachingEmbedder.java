package dev.tern.embed.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tern.embed.Embedder;
import dev.tern.embed.EmbeddingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one embedding service both routing and memory use: any {@link Embedder} behind a
 * content-hash cache, so no text is embedded twice (seed 002 PERF-005, PERF-027).
 *
 * <p>A text is looked up, in order, in a byte-bounded in-memory cache (Caffeine), in the optional disk
 * cache, then among the texts other threads are embedding right now (in-flight coalescing: 50 threads
 * asking for one text cause one embedding). What is left goes to the delegate in ONE batch call.
 * Duplicates inside one batch are embedded once. A text is embedded again only after its vector was
 * evicted from both caches by their bounds.
 *
 * <p>Returned arrays are copies: callers may keep or modify them.
 */
public final class CachingEmbedder implements Embedder {

    /** Per-entry overhead counted against the memory bound besides the floats (key, node, array header). */
    static final int ENTRY_OVERHEAD = 128;

    private final Embedder delegate;
    private final String modelId;
    private final Cache<ContentKey, float[]> memory;
    private final DiskCache disk;
    private final ConcurrentHashMap<ContentKey, CompletableFuture<float[]>> inFlight = new ConcurrentHashMap<>();

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong embedded = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong diskWrites = new AtomicLong();

    public CachingEmbedder(Embedder delegate, CacheOptions options) {
        this.delegate = delegate;
        this.modelId = delegate.modelId();
        this.memory = Caffeine.newBuilder()
                .maximumWeight(options.maxMemoryBytes())
                .weigher((ContentKey k, float[] v) -> ENTRY_OVERHEAD + 4 * v.length)
                .executor(Runnable::run) // maintenance on the caller: no pool threads of its own
                .build();
        this.disk = options.diskDir() == null ? null : new DiskCache(options.diskDir(), modelId, options.maxDiskBytes());
    }

    public Embedder delegate() {
        return delegate;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return delegate.dimension();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        int n = texts.size();
        requests.addAndGet(n);
        float[][] out = new float[n][];
        // key -> positions: duplicates inside the batch are looked up and embedded once
        Map<ContentKey, List<Integer>> pending = new LinkedHashMap<>();
        Map<ContentKey, String> textOf = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("cannot embed a null text");
            }
            ContentKey key = ContentKey.of(modelId, text);
            float[] v = memory.getIfPresent(key);
            if (v != null) {
                memoryHits.incrementAndGet();
                out[i] = v;
            } else {
                pending.computeIfAbsent(key, k -> new ArrayList<>(1)).add(i);
                textOf.putIfAbsent(key, text);
            }
        }
        if (!pending.isEmpty()) {
            resolve(pending, textOf, out);
        }
        List<float[]> result = new ArrayList<>(n);
        for (float[] v : out) {
            result.add(v.clone());
        }
        return result;
    }

    private void resolve(Map<ContentKey, List<Integer>> pending, Map<ContentKey, String> textOf, float[][] out) {
        if (disk != null) {
            var it = pending.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                float[] v = disk.read(e.getKey(), delegate.dimension());
                if (v != null) {
                    diskHits.incrementAndGet();
                    memory.put(e.getKey(), v);
                    fill(out, e.getValue(), v);
                    it.remove();
                }
            }
        }
        Map<ContentKey, CompletableFuture<float[]>> mine = new LinkedHashMap<>();
        Map<ContentKey, CompletableFuture<float[]>> others = new LinkedHashMap<>();
        for (ContentKey key : pending.keySet()) {
            CompletableFuture<float[]> f = new CompletableFuture<>();
            CompletableFuture<float[]> running = inFlight.putIfAbsent(key, f);
            if (running != null) {
                coalesced.incrementAndGet();
                others.put(key, running);
                continue;
            }
            // an owner puts into the cache BEFORE leaving inFlight: re-check, or we could embed twice
            float[] v = memory.getIfPresent(key);
            if (v != null) {
                memoryHits.incrementAndGet();
                f.complete(v);
                inFlight.remove(key, f);
                fill(out, pending.get(key), v);
            } else {
                mine.put(key, f);
            }
        }
        if (!mine.isEmpty()) {
            embedOwn(mine, pending, textOf, out);
        }
        for (var e : others.entrySet()) {
            fill(out, pending.get(e.getKey()), await(e.getValue()));
        }
    }

    private void embedOwn(Map<ContentKey, CompletableFuture<float[]>> mine, Map<ContentKey, List<Integer>> pending,
                          Map<ContentKey, String> textOf, float[][] out) {
        List<ContentKey> keys = new ArrayList<>(mine.keySet());
        List<String> batch = new ArrayList<>(keys.size());
        for (ContentKey k : keys) {
            batch.add(textOf.get(k));
        }
        List<float[]> vectors;
        try {
            vectors = delegate.embedAll(batch);
            batches.incrementAndGet();
            if (vectors.size() != keys.size()) {
                throw new EmbeddingException(modelId + " returned " + vectors.size() + " vectors for " + keys.size() + " texts");
            }
            for (float[] v : vectors) {
                if (v == null || v.length != delegate.dimension()) {
                    throw new EmbeddingException(modelId + " returned a vector of " + (v == null ? "null" : v.length)
                            + " components, expected " + delegate.dimension());
                }
            }
        } catch (RuntimeException e) {
            for (var entry : mine.entrySet()) {
                entry.getValue().completeExceptionally(e);
                inFlight.remove(entry.getKey(), entry.getValue());
            }
            throw e;
        }
        embedded.addAndGet(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            ContentKey k = keys.get(i);
            float[] v = Arrays.copyOf(vectors.get(i), vectors.get(i).length); // the cache owns its copy
            memory.put(k, v);
            CompletableFuture<float[]> f = mine.get(k);
            f.complete(v);
            inFlight.remove(k, f);
            fill(out, pending.get(k), v);
        }
        if (disk != null) {
            for (ContentKey k : keys) {
                if (disk.write(k, out[pending.get(k).getFirst()])) {
                    diskWrites.incrementAndGet();
                }
            }
        }
    }

    private static float[] await(CompletableFuture<float[]> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new EmbeddingException("embedding failed: " + e.getCause(), e.getCause());
        }
    }

    private static void fill(float[][] out, List<Integer> positions, float[] v) {
        for (int i : positions) {
            out[i] = v;
        }
    }

    /** Drops every in-memory entry (the disk cache stays). */
    public void invalidateMemory() {
        memory.invalidateAll();
    }

    /** A snapshot of the counters. */
    public Stats stats() {
        return new Stats(requests.get(), memoryHits.get(), diskHits.get(), coalesced.get(), embedded.get(),
                batches.get(), diskWrites.get(), disk == null ? 0 : disk.corrupt(), disk == null ? 0 : disk.ioErrors(),
                disk == null ? 0 : disk.evicted(), memory.estimatedSize());
    }

    @Override
    public Map<String, Long> counters() {
        Stats s = stats();
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("cacheRequests", s.requests());
        m.put("cacheMemoryHits", s.memoryHits());
        m.put("cacheDiskHits", s.diskHits());
        m.put("cacheCoalesced", s.coalesced());
        m.put("cacheMisses", s.embedded());
        m.put("cacheBatches", s.batches());
        m.put("cacheDiskWrites", s.diskWrites());
        m.put("cacheDiskCorrupt", s.diskCorrupt());
        m.put("cacheDiskIoErrors", s.diskIoErrors());
        m.put("cacheDiskEvicted", s.diskEvicted());
        m.put("cacheEntries", s.memoryEntries());
        m.putAll(delegate.counters());
        return m;
    }

    @Override
    public void close() {
        delegate.close();
    }

    /**
     * Counters of the cache.
     *
     * @param requests      texts asked for (batch duplicates included)
     * @param memoryHits    served from memory
     * @param diskHits      served from the disk cache
     * @param coalesced     distinct texts served by another thread's in-flight embedding
     * @param embedded      distinct texts sent to the delegate (each at most once while cached)
     * @param batches       delegate calls
     * @param diskWrites    vectors written to disk
     * @param diskCorrupt   disk files rejected (bad length, magic or CRC) and deleted
     * @param diskIoErrors  disk reads or writes that failed
     * @param diskEvicted   disk files deleted to stay within the bound
     * @param memoryEntries entries in memory now (approximate)
     */
    public record Stats(long requests, long memoryHits, long diskHits, long coalesced, long embedded, long batches,
                        long diskWrites, long diskCorrupt, long diskIoErrors, long diskEvicted, long memoryEntries) {
    }
}
