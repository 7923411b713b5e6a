package dev.tern.cache;

import dev.tern.json.CanonicalJson;
import dev.tern.json.JsonObject;

import dev.tern.run.AgentEvent.ToolSource;
import dev.tern.metrics.Metrics;
import dev.tern.tool.Tool;
import dev.tern.tool.ToolCallContext;
import dev.tern.tool.ToolInterceptor;
import dev.tern.tool.ToolResult;
import dev.tern.tool.ToolTraits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The tool-result cache shared by every agent and sub-agent of a runtime, plugged into the single
 * {@code ToolExecutor} as a {@link ToolInterceptor}, so no tool call can bypass it.
 *
 * <ul>
 *   <li>Key: full SHA-256 (hex) of tool name + canonical JSON of the arguments (+ the run's workspace,
 *       so two workspaces never share relative-path results).</li>
 *   <li>Only tools the {@link CachePolicy} allows (by default: {@code ToolTraits.cacheable()}).</li>
 *   <li>Identical calls in flight at the same time run once (single-flight); the others wait for
 *       that execution and get its result, error included.</li>
 *   <li>Errors are never stored; the next identical call executes again.</li>
 *   <li>Bounded by bytes (least recently used evicted first), entries expire by TTL.</li>
 *   <li>A call that may write (not read-only) drops stored results of the same resource
 *       ({@code ToolTraits.resource}); an exclusive call (a shell command) drops every stored result
 *       that has a resource.</li>
 * </ul>
 *
 * <p>Hits come back as {@code ToolResult.withSource(CACHED)}, waiters of an identical call in flight as
 * {@code COALESCED}, so the executor's {@code ToolFinished} event says how each result was obtained.
 * Counters: {@code cache.tool.hit, .miss, .coalesced, .evicted, .expired, .bytes} (current) and
 * {@code .saved_ms}.
 */
public final class ToolResultCache implements ToolInterceptor {

    private final Metrics metrics;
    private final CachePolicy policy;
    private final LongSupplier clock;
    private final ToolResultStore store;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder coalesced = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder savedNanos = new LongAdder();

    public ToolResultCache(Metrics metrics) { this(metrics, CachePolicy.DEFAULT); }

    public ToolResultCache(Metrics metrics, CachePolicy policy) {
        this(metrics, policy, new MemoryToolResultStore(policy.maxBytes()));
    }

    /** A cache over any store (memory by default; a shared server store for several gateway nodes). */
    public ToolResultCache(Metrics metrics, CachePolicy policy, ToolResultStore store) {
        this(metrics, policy, store, System::nanoTime);
    }

    /** With an explicit nanosecond clock (tests of expiry). */
    ToolResultCache(Metrics metrics, CachePolicy policy, LongSupplier nanoClock) {
        this(metrics, policy, new MemoryToolResultStore(policy.maxBytes()), nanoClock);
    }

    private ToolResultCache(Metrics metrics, CachePolicy policy, ToolResultStore store, LongSupplier nanoClock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Epoch-like milliseconds of this cache's clock (what the store's expiry times are in). */
    private long nowMillis() { return clock.getAsLong() / 1_000_000L; }

    public CachePolicy policy() { return policy; }

    /** The cache key of a call: SHA-256 hex of name, canonical arguments and scope (nullable). */
    public static String key(String tool, JsonObject arguments, String scope) {
        String material = tool + '\n' + CanonicalJson.write(arguments) + (scope == null ? "" : '\n' + scope);
        return CanonicalJson.sha256Hex(material);
    }

    @Override
    public ToolResult intercept(Tool tool, ToolCallContext call, Chain next) throws Exception {
        String name = call.toolName();
        ToolTraits traits = tool.traits();
        if (!policy.cacheable(name, traits)) {
            if (traits.readOnly()) return next.proceed(call);
            Runnable stale = staleAfterWrite(traits, call.arguments());
            if (stale != null) stale.run();
            try {
                return next.proceed(call);
            } finally {
                if (stale != null) stale.run(); // a read that raced with the write may have stored the old content
            }
        }
        Path ws = call.run().workspace();
        String key = key(name, call.arguments(), ws == null ? null : ws.toString());
        ToolResult cached = lookup(key);
        if (cached != null) return cached;
        ToolResultStore.Flight flight = store.join(key);
        if (!flight.leader()) {
            coalesced.increment();
            metrics.counter("cache.tool.coalesced").increment();
            ToolResultStore.Landing l = flight.await();
            return new ToolResult(l.content(), l.error()).withSource(ToolSource.COALESCED);
        }
        try {
            cached = lookup(key); // the previous leader may have stored it between our lookup and joining
            if (cached != null) {
                flight.land(new ToolResultStore.Landing(cached.content(), false));
                return cached;
            }
            misses.increment();
            metrics.counter("cache.tool.miss").increment();
            long start = clock.getAsLong();
            ToolResult result = next.proceed(call);
            long end = clock.getAsLong();
            if (!result.error()) {
                store(new ToolResultStore.Entry(key, name, result.content(), resourceOf(traits, call.arguments()),
                        weight(key, result.content()),
                        end / 1_000_000L + policy.ttl(name, tool instanceof DeclaredTtl d ? d.declaredTtl() : null).toMillis(),
                        end - start));
            }
            flight.land(new ToolResultStore.Landing(result.content(), result.error()));
            return result;
        } catch (Throwable t) {
            flight.abort(t);
            throw t;
        }
    }

    private ToolResult lookup(String key) {
        List<ToolResultStore.Entry> gone = new ArrayList<>(0);
        ToolResultStore.Entry e = store.get(key, nowMillis(), gone);
        if (!gone.isEmpty()) {
            expired.add(gone.size());
            metrics.counter("cache.tool.expired").add(gone.size());
            removedBytes(gone);
        }
        if (e == null) return null;
        hits.increment();
        savedNanos.add(e.execNanos());
        metrics.counter("cache.tool.hit").increment();
        metrics.counter("cache.tool.saved_ms").add(Math.round(e.execNanos() / 1e6));
        return ToolResult.ok(e.content()).withSource(ToolSource.CACHED);
    }

    private void store(ToolResultStore.Entry e) {
        ToolResultStore.Put r = store.put(e);
        if (!r.stored()) return;
        metrics.counter("cache.tool.bytes").add(e.bytes());
        if (r.replaced() != null) removedBytes(List.of(r.replaced()));
        if (!r.evicted().isEmpty()) {
            evicted.add(r.evicted().size());
            metrics.counter("cache.tool.evicted").add(r.evicted().size());
            removedBytes(r.evicted());
        }
    }

    private static String resourceOf(ToolTraits traits, JsonObject args) {
        try {
            return traits.resourceOf(args);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What a call that may write must drop before and after it runs, or null when it touches nothing cached. */
    private Runnable staleAfterWrite(ToolTraits traits, JsonObject args) {
        if (traits.exclusive()) return () -> removedBytes(store.invalidateAllResources());
        String r = resourceOf(traits, args);
        return r == null ? null : () -> removedBytes(store.invalidateResource(r));
    }

    /** Drops stored results (not in-flight calls) matching {@code toolName}; returns how many. */
    public int invalidate(Predicate<String> toolName) {
        List<ToolResultStore.Entry> removed = store.invalidateTools(toolName);
        removedBytes(removed);
        return removed.size();
    }

    /** Drops every stored result. */
    public void clear() { invalidate(t -> true); }

    private void removedBytes(List<ToolResultStore.Entry> removed) {
        long b = 0;
        for (ToolResultStore.Entry e : removed) b += e.bytes();
        if (b != 0) metrics.counter("cache.tool.bytes").add(-b);
    }

    private static long weight(String key, String content) {
        return key.length() + content.getBytes(StandardCharsets.UTF_8).length;
    }

    public CacheSnapshot snapshot() {
        return new CacheSnapshot(store.size(), store.bytes(), store.maxBytes(), store.inFlight(), hits.sum(),
                misses.sum(), coalesced.sum(), evicted.sum(), expired.sum(), Math.round(savedNanos.sum() / 1e6));
    }
}
