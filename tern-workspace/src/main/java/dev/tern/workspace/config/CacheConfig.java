package dev.tern.workspace.config;

import java.time.Duration;

/**
 * {@code cache}: the shared tool-result cache.
 *
 * @param enabled  whether read-only tool results are cached
 * @param ttl      how long an entry lives
 * @param maxBytes the cache's size bound
 */
public record CacheConfig(boolean enabled, Duration ttl, long maxBytes) {
    public static final CacheConfig DEFAULT = new CacheConfig(true, Duration.ofMinutes(10), 64L * 1024 * 1024);

    public CacheConfig {
        if (maxBytes < 0) throw new ConfigException("cache.maxBytes must be >= 0, got " + maxBytes);
    }
}
