package dev.tern.memory.responses;

import dev.tern.metrics.Metrics;
import dev.tern.model.AssistantMessage;
import dev.tern.model.ChatRequest;
import dev.tern.model.ChatResponse;
import dev.tern.model.Message;
import dev.tern.model.StopReason;
import dev.tern.model.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Where the response cache keeps answers: the memory tier, the disk tier and the signer, with the rules
 * that decide what may be served (fresh, and verified as the policy says; disk reads always verified).
 *
 * <p>The workspace key (and with it the disk tier) is opened at once when the cache is on for every call,
 * or on first use when only some agents opt in, so a workspace that never caches gets no key file. If the
 * key cannot be opened then, the failure is counted and shown, and the cache goes on in memory only.
 */
final class AnswerStore {

    private record Tiers(Signer signer, DiskTier disk) { }

    private final ResponseCachePolicy policy;
    private final Metrics metrics;
    private final LongSupplier clock;
    private final Path dir;
    private final MemoryTier memory;
    private volatile Tiers tiers;
    private final AtomicLong verifyTurn = new AtomicLong();
    final LongAdder diskHits = new LongAdder(), evicted = new LongAdder(), expired = new LongAdder(),
            verifyFailures = new LongAdder(), diskErrors = new LongAdder();
    volatile String lastDiskError;

    /**
     * @param dir   the disk tier's folder (holds {@code hmac.key}), or null for memory only
     * @param eager open the key now
     * @throws IOException when {@code eager} and the key cannot be read or created
     */
    AnswerStore(ResponseCachePolicy policy, Metrics metrics, LongSupplier clock, Path dir, boolean eager) throws IOException {
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
        this.dir = dir == null || policy.diskMaxBytes() == 0 ? null : dir;
        this.memory = new MemoryTier(policy.maxBytes());
        if (eager || this.dir == null) tiers = open();
    }

    private Tiers open() throws IOException {
        if (dir == null) return new Tiers(Signer.ephemeral(), null);
        return new Tiers(Signer.forKeyFile(dir.resolve("hmac.key")), new DiskTier(dir, policy.diskMaxBytes()));
    }

    private Tiers tiers() {
        Tiers t = tiers;
        if (t != null) return t;
        synchronized (this) {
            if (tiers == null) {
                try {
                    tiers = open();
                } catch (IOException e) {
                    diskFailure("cannot open the cache key in " + dir + ": " + e.getMessage() + " (caching in memory only)");
                    tiers = new Tiers(Signer.ephemeral(), null);
                }
            }
            return tiers;
        }
    }

    Path dir() { return dir; }

    /** A fresh, verified answer for {@code key}, or null. */
    CachedAnswer lookup(String key) {
        Tiers t = tiers();
        long now = clock.getAsLong();
        MemoryTier.Slot s = memory.hit(key);
        if (s != null) {
            if (s.answer.expired(now)) {
                if (memory.remove(key, s)) count(expired, "cache.response.expired");
                delete(t, key);
                return null;
            }
            if (!mustVerify() || t.signer().verify(AnswerCodec.encode(s.answer), s.signature)) return s.answer;
            if (memory.remove(key, s)) count(verifyFailures, "cache.response.verify_failed");
            // the disk copy is verified on its own below
        }
        return t.disk() == null ? null : fromDisk(t, key, now);
    }

    private boolean mustVerify() {
        return switch (policy.verify()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case SAMPLING -> verifyTurn.getAndIncrement() % policy.sampleRate() == 0;
        };
    }

    private CachedAnswer fromDisk(Tiers t, String key, long now) {
        DiskTier.Read r;
        try {
            r = t.disk().read(key);
        } catch (IOException e) {
            diskFailure("cannot read " + t.disk().file(key) + ": " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            return reject(t, key);
        }
        if (r == null) return null;
        if (!t.signer().verify(r.payload(), r.signature())) return reject(t, key);
        CachedAnswer a;
        try {
            a = AnswerCodec.decode(r.payload(), 0, r.payload().length);
        } catch (IllegalArgumentException e) {
            return reject(t, key); // signed with our key yet unreadable: written by an incompatible version
        }
        if (!a.key().equals(key)) return reject(t, key); // a valid entry copied under another key's name
        if (a.expired(now)) {
            count(expired, "cache.response.expired");
            delete(t, key);
            return null;
        }
        count(diskHits, "cache.response.hit_disk");
        putInMemory(a, r.signature(), r.payload().length);
        return a;
    }

    private CachedAnswer reject(Tiers t, String key) {
        count(verifyFailures, "cache.response.verify_failed");
        delete(t, key);
        return null;
    }

    private void delete(Tiers t, String key) {
        if (t.disk() == null) return;
        try {
            t.disk().delete(key);
        } catch (IOException e) {
            diskFailure("cannot delete " + t.disk().file(key) + ": " + e.getMessage());
        }
    }

    /** Signs and stores an answer in memory and on disk. */
    void store(CachedAnswer a) {
        Tiers t = tiers();
        byte[] payload = AnswerCodec.encode(a);
        byte[] sig = t.signer().sign(payload);
        putInMemory(a, sig, payload.length);
        if (t.disk() == null) return;
        try {
            int dropped = t.disk().write(a.key(), sig, payload);
            if (dropped > 0) metrics.counter("cache.response.evicted_disk").add(dropped);
        } catch (IOException e) {
            diskFailure("cannot write " + t.disk().file(a.key()) + ": " + e.getMessage());
        }
    }

    private void putInMemory(CachedAnswer a, byte[] sig, int encodedBytes) {
        long before = memory.bytes();
        List<MemoryTier.Slot> out = memory.put(a, sig, encodedBytes);
        if (!out.isEmpty()) {
            evicted.add(out.size());
            metrics.counter("cache.response.evicted").add(out.size());
        }
        metrics.counter("cache.response.bytes").add(memory.bytes() - before);
    }

    private void count(LongAdder local, String metric) {
        local.increment();
        metrics.counter(metric).increment();
    }

    private void diskFailure(String message) {
        lastDiskError = message;
        diskErrors.increment();
        metrics.counter("cache.response.disk_errors").increment();
    }

    /** Drops every stored answer, in memory and on disk. */
    void clear() throws IOException {
        long before = memory.bytes();
        memory.clear();
        metrics.counter("cache.response.bytes").add(-before);
        Tiers t = tiers();
        if (t.disk() != null) t.disk().clear();
    }

    int entries() { return memory.size(); }

    long bytes() { return memory.bytes(); }

    long maxBytes() { return memory.maxBytes(); }

    /** Bytes of the disk tier (0 without one, or before its key was opened). */
    long diskBytes() {
        Tiers t = tiers;
        if (t == null || t.disk() == null) return 0;
        try {
            return t.disk().bytes();
        } catch (IOException e) {
            diskFailure("cannot list " + t.disk().dir() + ": " + e.getMessage());
            return 0;
        }
    }

    /** The disk bound, or 0 without a disk tier. */
    long diskMaxBytes() { return dir == null ? 0 : policy.diskMaxBytes(); }

    /**
     * Loads and links what the first lookup needs (SHA-256, HMAC, the codec, the disk tier's file calls) while
     * the caller assembles its first request, so that first lookup costs what every later one does.
     */
    void warmUp() {
        Tiers t = tiers();
        // a prompt of ~16 KB, keyed a few times: enough 64-byte SHA-256 blocks for the JIT to compile the digest,
        // which interpreted costs ~15 µs per block (2 ms for a typical system prompt)
        ChatRequest probe = ChatRequest.builder("warm-up").messages(List.of(Message.system("w".repeat(16_384)),
                Message.user("warm-up"))).build();
        String key = null;
        for (int i = 0; i < 4; i++) key = RequestKey.of(probe);
        CachedAnswer a = new CachedAnswer(key, new ChatResponse(AssistantMessage.ofText("x".repeat(2_048)), Usage.ZERO,
                StopReason.END_TURN, "warm-up", null), 0, 0, 1);
        byte[] payload = AnswerCodec.encode(a);
        for (int i = 0; i < 4; i++) t.signer().verify(payload, t.signer().sign(payload));
        AnswerCodec.decode(payload, 0, payload.length);
        if (t.disk() != null) {
            try {
                t.disk().read(a.key());
            } catch (IOException | RuntimeException e) {
                // a probe: the real lookup reports its own failures
            }
        }
    }
}
