package dev.tern.workspace.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * {@code responseCache}: model answers reused for identical requests (the response cache).
 *
 * @param enabled          whether calls use it unless an agent says otherwise ({@code cache: true|false})
 * @param ttl              how long an answer is reused ({@code ttl}, seconds)
 * @param maxBytes         bound on the memory tier
 * @param diskMaxBytes     bound on the disk tier under {@code .tern/response-cache/} (0: memory only)
 * @param verify           always, sampling or never: when memory hits are HMAC-verified (disk reads always are)
 * @param sampleRate       with sampling: one memory hit in this many is verified
 * @param cacheSideEffects whether requests carrying results of tools that are not read-only may be cached
 */
public record ResponseCacheConfig(boolean enabled, Duration ttl, long maxBytes, long diskMaxBytes, String verify,
                                  int sampleRate, boolean cacheSideEffects) {

    private static final Set<String> MODES = Set.of("always", "sampling", "never");

    public static final ResponseCacheConfig DEFAULT = new ResponseCacheConfig(false, Duration.ofHours(24), 64L << 20,
            256L << 20, "sampling", 10, false);

    public ResponseCacheConfig {
        if (ttl == null || ttl.isZero() || ttl.isNegative()) throw new ConfigException("responseCache.ttl must be > 0 seconds");
        if (maxBytes <= 0) throw new ConfigException("responseCache.maxBytes must be > 0, got " + maxBytes);
        if (diskMaxBytes < 0) throw new ConfigException("responseCache.diskMaxBytes must be >= 0, got " + diskMaxBytes);
        verify = verify == null ? "sampling" : verify.strip().toLowerCase(Locale.ROOT);
        if (!MODES.contains(verify)) throw new ConfigException("responseCache.verify must be always, sampling or never, got '" + verify + "'");
        if (sampleRate < 1) throw new ConfigException("responseCache.sampleRate must be >= 1, got " + sampleRate);
    }
}
