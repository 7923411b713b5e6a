package dev.tern.memory.responses;

import dev.tern.memory.SectionReader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * How the response cache behaves.
 *
 * @param enabled          whether calls without an explicit tag use the cache (an agent's {@code cache: true}
 *                         or {@code false} tag wins over it)
 * @param ttl              how long an answer stays servable
 * @param maxBytes         bound on the memory tier (encoded answer bytes plus per-entry overhead)
 * @param diskMaxBytes     bound on the disk tier's files; 0 for no disk tier
 * @param verify           when memory hits are HMAC-verified (disk reads always are)
 * @param sampleRate       with {@link VerifyMode#SAMPLING}: one memory hit in this many is verified
 * @param cacheSideEffects whether requests carrying results of tools that are not read-only may be cached
 * @param bypass           {@code --no-cache}: nothing is served from the cache; fresh answers replace stored ones
 */
public record ResponseCachePolicy(boolean enabled, Duration ttl, long maxBytes, long diskMaxBytes, VerifyMode verify,
                                  int sampleRate, boolean cacheSideEffects, boolean bypass) {

    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    public static final long DEFAULT_DISK_MAX_BYTES = 256L << 20;

    /** Off unless a call opts in; 24 h, 64 MiB in memory, 256 MiB on disk, sampled verification (1 in 10). */
    public static final ResponseCachePolicy DEFAULT = new ResponseCachePolicy(false, DEFAULT_TTL, DEFAULT_MAX_BYTES,
            DEFAULT_DISK_MAX_BYTES, VerifyMode.SAMPLING, 10, false, false);

    public ResponseCachePolicy {
        Objects.requireNonNull(verify, "verify");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("responseCache.ttl must be > 0");
        if (maxBytes <= 0) throw new IllegalArgumentException("responseCache.maxBytes must be > 0");
        if (diskMaxBytes < 0) throw new IllegalArgumentException("responseCache.diskMaxBytes must be >= 0");
        if (sampleRate < 1) throw new IllegalArgumentException("responseCache.sampleRate must be >= 1");
    }

    /**
     * Reads the {@code responseCache} config section: {@code {"enabled": true, "ttl": 86400, "maxBytes": ...,
     * "diskMaxBytes": ..., "verify": "always|sampling|never", "sampleRate": 10, "cacheSideEffects": false}}
     * (camelCase or snake_case); absent keys keep {@link #DEFAULT}'s values.
     *
     * @param section  the section, or null when the config has none
     * @param warnings where unknown keys are reported
     * @throws IllegalArgumentException one line naming the file and key, for a wrong type or range
     */
    public static ResponseCachePolicy fromConfig(JsonNode section, String source, List<String> warnings) {
        SectionReader r = new SectionReader(section, "responseCache", source);
        ResponseCachePolicy d = DEFAULT;
        ResponseCachePolicy p = new ResponseCachePolicy(r.bool("enabled", d.enabled()), r.seconds("ttl", d.ttl()),
                r.number("maxBytes", d.maxBytes(), 1), r.number("diskMaxBytes", d.diskMaxBytes(), 0),
                VerifyMode.parse(r.choice("verify", "sampling", List.of("always", "sampling", "never"))),
                (int) Math.min(Integer.MAX_VALUE, r.number("sampleRate", d.sampleRate(), 1)),
                r.bool("cacheSideEffects", d.cacheSideEffects()), false);
        r.unknownKeys(warnings);
        return p;
    }

    public ResponseCachePolicy withEnabled(boolean v) {
        return new ResponseCachePolicy(v, ttl, maxBytes, diskMaxBytes, verify, sampleRate, cacheSideEffects, bypass);
    }

    public ResponseCachePolicy withTtl(Duration v) {
        return new ResponseCachePolicy(enabled, v, maxBytes, diskMaxBytes, verify, sampleRate, cacheSideEffects, bypass);
    }

    public ResponseCachePolicy withMaxBytes(long v) {
        return new ResponseCachePolicy(enabled, ttl, v, diskMaxBytes, verify, sampleRate, cacheSideEffects, bypass);
    }

    public ResponseCachePolicy withDiskMaxBytes(long v) {
        return new ResponseCachePolicy(enabled, ttl, maxBytes, v, verify, sampleRate, cacheSideEffects, bypass);
    }

    public ResponseCachePolicy withVerify(VerifyMode v, int rate) {
        return new ResponseCachePolicy(enabled, ttl, maxBytes, diskMaxBytes, v, rate, cacheSideEffects, bypass);
    }

    public ResponseCachePolicy withCacheSideEffects(boolean v) {
        return new ResponseCachePolicy(enabled, ttl, maxBytes, diskMaxBytes, verify, sampleRate, v, bypass);
    }

    public ResponseCachePolicy withBypass(boolean v) {
        return new ResponseCachePolicy(enabled, ttl, maxBytes, diskMaxBytes, verify, sampleRate, cacheSideEffects, v);
    }
}
