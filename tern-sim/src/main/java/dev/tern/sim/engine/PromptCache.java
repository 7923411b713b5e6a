package dev.tern.sim.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Honest prompt-cache simulation: a prefix counts as cached only if an earlier request really
 * sent the same bytes (SHA-256 of the canonical prefix) within its TTL.
 */
public final class PromptCache {

    /** Anthropic looks back this many blocks from a breakpoint for an earlier cache entry. */
    static final int LOOKBACK_BLOCKS = 20;
    static final int OPENAI_INCREMENT = 128;
    static final Duration OPENAI_TTL = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 500_000;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * One canonical unit of an Anthropic prompt (a tool, a system block or a message content block).
     *
     * @param bytes      canonical bytes (without {@code cache_control})
     * @param breakpoint whether the block carries {@code cache_control}
     * @param ttl        its TTL when it is a breakpoint, nullable otherwise
     */
    public record Block(byte[] bytes, boolean breakpoint, Duration ttl) { }

    /**
     * Input-token accounting of one request.
     *
     * @param total   all input tokens
     * @param read    tokens served from the cache
     * @param written tokens newly written to the cache
     */
    public record Result(long total, long read, long written) {
        public long uncached() { return total - read - written; }
    }

    /** First 128 bits of a prefix's SHA-256 (collisions are out of reach for a simulator's lifetime). */
    private record Key(long hi, long lo) { }

    /** A cached prefix; a hit pushes {@code expiresAtMs} forward in place. */
    private static final class Entry {
        final long ttlMs;
        volatile long expiresAtMs;

        Entry(long ttlMs, long expiresAtMs) {
            this.ttlMs = ttlMs;
            this.expiresAtMs = expiresAtMs;
        }
    }

    private final InstantSource clock;
    private final int minTokens;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private final int maxEntries;

    public PromptCache(InstantSource clock, int minTokens) {
        this(clock, minTokens, MAX_ENTRIES);
    }

    /** @param maxEntries bound on cached prefixes; past it the entries closest to expiry are evicted */
    public PromptCache(InstantSource clock, int minTokens, int maxEntries) {
        this.clock = clock;
        this.minTokens = minTokens;
        this.maxEntries = maxEntries;
    }

    /** Anthropic explicit caching over blocks in order tools, system, messages. */
    public Result anthropic(String model, List<Block> blocks) {
        int n = blocks.size();
        long[] cum = new long[n];
        long total = 0;
        boolean anyBreakpoint = false;
        for (int i = 0; i < n; i++) {
            total += Tokens.ofBytes(blocks.get(i).bytes().length);
            cum[i] = total;
            anyBreakpoint |= blocks.get(i).breakpoint();
        }
        if (!anyBreakpoint) return new Result(total, 0, 0);
        Key[] hash = new Key[n];
        MessageDigest md = digest("anthropic\0" + model);
        for (int i = 0; i < n; i++) {
            md.update(blocks.get(i).bytes());
            md.update((byte) 0);
            hash[i] = snapshot(md);
        }
        long now = clock.millis();
        long read = 0;
        int lastBreakpoint = -1;
        for (int bp = 0; bp < n; bp++) {
            if (!blocks.get(bp).breakpoint() || cum[bp] < minTokens) continue;
            lastBreakpoint = bp;
            for (int j = bp; j >= 0 && j > bp - LOOKBACK_BLOCKS; j--) {
                if (cum[j] <= read || cum[j] < minTokens) continue;
                if (touch(hash[j], now)) read = cum[j];
            }
        }
        if (lastBreakpoint < 0) return new Result(total, 0, 0);
        for (int bp = 0; bp < n; bp++) {
            Block b = blocks.get(bp);
            if (b.breakpoint() && cum[bp] >= minTokens) put(hash[bp], now, b.ttl());
        }
        long written = Math.max(0, cum[lastBreakpoint] - read);
        return new Result(total, read, written);
    }

    /** OpenAI automatic prefix caching in 128-token steps from the minimum, keyed by cache key and model. */
    public Result openAi(String cacheKey, String model, byte[] prompt) {
        long total = Tokens.ofBytes(prompt.length);
        if (total < minTokens) return new Result(total, 0, 0);
        MessageDigest md = digest("openai\0" + cacheKey + "\0" + model);
        long now = clock.millis();
        long read = 0;
        int done = 0;
        for (long t = minTokens; t * 4 <= prompt.length; t += OPENAI_INCREMENT) {
            int end = (int) (t * 4);
            md.update(prompt, done, end - done);
            done = end;
            Key h = snapshot(md);
            if (touch(h, now)) read = t;
            else put(h, now, OPENAI_TTL);
        }
        return new Result(total, read, 0);
    }

    /** Drops every entry. */
    public void clear() { entries.clear(); }

    public int size() { return entries.size(); }

    /** Whether an unexpired entry exists; a hit refreshes its TTL. */
    private boolean touch(Key hash, long now) {
        Entry e = entries.get(hash);
        if (e == null) return false;
        if (e.expiresAtMs <= now) {
            entries.remove(hash, e);
            return false;
        }
        e.expiresAtMs = now + e.ttlMs;
        return true;
    }

    /** Writes (or refreshes) an entry; an existing longer TTL is kept. */
    private void put(Key hash, long now, Duration ttl) {
        long ttlMs = (ttl == null ? Duration.ofMinutes(5) : ttl).toMillis();
        Entry e = entries.get(hash);
        if (e != null && e.ttlMs >= ttlMs) {
            e.expiresAtMs = now + e.ttlMs;
            return;
        }
        if (entries.size() >= maxEntries) evict(now);
        entries.put(hash, new Entry(ttlMs, now + ttlMs));
    }

    /** Drops expired entries, then, if still full, the tenth closest to expiry (a rare, O(n log n) pass). */
    private synchronized void evict(long now) {
        if (entries.size() < maxEntries) return;
        entries.values().removeIf(x -> x.expiresAtMs <= now);
        if (entries.size() < maxEntries * 9L / 10) return;
        long[] expiries = entries.values().stream().mapToLong(x -> x.expiresAtMs).sorted().toArray();
        long cutoff = expiries[Math.min(expiries.length - 1, Math.max(0, expiries.length / 10))];
        entries.values().removeIf(x -> x.expiresAtMs <= cutoff);
    }

    private static MessageDigest digest(String seed) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(seed.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            return md;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    private static Key snapshot(MessageDigest md) {
        try {
            byte[] d = ((MessageDigest) md.clone()).digest();
            return new Key((long) LONGS.get(d, 0), (long) LONGS.get(d, 8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest not cloneable", e);
        }
    }
}
