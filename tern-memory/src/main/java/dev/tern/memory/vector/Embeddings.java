package dev.tern.memory.vector;

import dev.tern.embed.Embedder;
import dev.tern.embed.cache.CacheOptions;
import dev.tern.embed.cache.CachingEmbedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The embedder memory uses (tern-embeddings' service: all-MiniLM-L6-v2 on ONNX Runtime by default,
 * an OpenAI-compatible endpoint by config), behind its content-hash cache; or none, in which case
 * every vector is null and recall uses keywords and the graph only.
 *
 * <p>Loading a local model takes a second or more, so {@link #warmUp} starts it in the background
 * and {@link #ready} tells a caller that must not wait (the first turn of a chat) whether a query
 * can be embedded now.
 */
public final class Embeddings implements AutoCloseable {

    private final Embedder embedder;
    private final boolean owned;
    private final CompletableFuture<Void> warm = new CompletableFuture<>();
    private volatile boolean warming;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private volatile String lastFailure;

    private Embeddings(Embedder embedder, boolean owned) {
        this.embedder = embedder;
        this.owned = owned;
        if (embedder == null) warm.complete(null);
    }

    /** No embeddings. */
    public static Embeddings none() { return new Embeddings(null, false); }

    /** {@code e} behind a memory cache (unless it already is a {@link CachingEmbedder}); closed with this. */
    public static Embeddings of(Embedder e) {
        if (e == null) return none();
        return new Embeddings(e instanceof CachingEmbedder c ? c : new CachingEmbedder(e, CacheOptions.memoryOnly()), true);
    }

    /**
     * The process's shared embedder (the one routing uses: one model per process) behind a cache of our
     * own; {@link #close()} leaves it open for its owner.
     */
    public static Embeddings shared(Embedder e) {
        if (e == null) return none();
        return new Embeddings(new CachingEmbedder(e, CacheOptions.memoryOnly()), false);
    }

    public boolean enabled() { return embedder != null; }

    /** Vector size, 0 without an embedder. */
    public int dimension() { return embedder == null ? 0 : embedder.dimension(); }

    /** The vector space's identity ({@code all-MiniLM-L6-v2-q} ...), or "" without an embedder. */
    public String modelId() { return embedder == null ? "" : embedder.modelId(); }

    /** The embedding of {@code text}, or null without an embedder. */
    public float[] embed(String text) {
        if (embedder == null) return null;
        float[] v = embedder.embed(text);
        warm.complete(null);
        return v;
    }

    /** The embeddings of {@code texts} in one batch (nulls without an embedder). */
    public List<float[]> embedAll(List<String> texts) {
        if (embedder == null) return new ArrayList<>(Collections.nCopies(texts.size(), null));
        if (texts.isEmpty()) return List.of();
        List<float[]> v = embedder.embedAll(texts);
        warm.complete(null);
        return v;
    }

    /**
     * The embedding of {@code text}, or null without an embedder or when embedding fails (an endpoint
     * down, a model that cannot load): for reads that can do without a vector (keywords and the graph
     * still answer). The failure is counted in {@link #failures()}.
     */
    public float[] embedOrNull(String text) {
        if (embedder == null) return null;
        try {
            return embed(text);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailure = e.getMessage();
            return null;
        }
    }

    /** The embeddings of {@code texts}, or nulls when embedding fails (the items are then embedded later by the backfill). */
    public List<float[]> embedAllOrNulls(List<String> texts) {
        try {
            return embedAll(texts);
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            lastFailure = e.getMessage();
            return new ArrayList<>(Collections.nCopies(texts.size(), null));
        }
    }

    /** Embeddings that failed and were done without (recall fell back to keywords, writes left it to the backfill). */
    public long failures() { return failures.get(); }

    /** The last embedding failure, or null. */
    public String lastFailure() { return lastFailure; }

    /** Loads the model in the background (once); {@link #ready()} turns true when it has embedded something. */
    public void warmUp() {
        if (embedder == null || warming) return;
        warming = true;
        Thread.ofVirtual().name("embeddings-warm-up").start(() -> {
            try {
                embed("warm up");
            } catch (RuntimeException e) {
                warm.completeExceptionally(e);
            }
        });
    }

    /** Whether a query can be embedded without waiting for a model to load. */
    public boolean ready() { return warm.isDone() && !warm.isCompletedExceptionally(); }

    /** Completes when the embedder is warm (at once without one). */
    public CompletableFuture<Void> whenReady() { return warm; }

    /** The embedder's counters (cache hits, texts the model embedded ...); empty without one. */
    public Map<String, Long> counters() { return embedder == null ? Map.of() : embedder.counters(); }

    /** Distinct texts the model (not the cache) embedded so far. */
    public long textsEmbedded() {
        return counters().getOrDefault("cacheMisses", 0L);
    }

    @Override
    public void close() {
        if (embedder != null && owned) embedder.close();
    }
}
