package dev.tern.workspace.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code cache}: the shared tool-result cache.
 *
 * @param enabled  whether read-only tool results are cached
 * @param ttl      how long an entry lives (built-in tools)
 * @param maxBytes the cache's size bound
 * @param mcpTtl   how long a read-only MCP tool's result lives unless the server declares its own
 *                 ({@code ttlMs}): short, since what an MCP server reads can change outside Tern
 * @param ttls     per tool-name pattern ({@code read_file}, {@code mcp_fs_*} for one server): these win
 *                 over everything; 0 = never cache
 */
public record CacheConfig(boolean enabled, Duration ttl, long maxBytes, Duration mcpTtl, Map<String, Duration> ttls) {
    public static final Duration DEFAULT_MCP_TTL = Duration.ofSeconds(30);
    public static final CacheConfig DEFAULT = new CacheConfig(true, Duration.ofMinutes(10), 64L * 1024 * 1024);

    public CacheConfig {
        if (maxBytes < 0) throw new ConfigException("cache.maxBytes must be >= 0, got " + maxBytes);
        mcpTtl = mcpTtl == null ? DEFAULT_MCP_TTL : mcpTtl;
        ttls = ttls == null ? Map.of() : Map.copyOf(ttls);
    }

    public CacheConfig(boolean enabled, Duration ttl, long maxBytes) {
        this(enabled, ttl, maxBytes, DEFAULT_MCP_TTL, Map.of());
    }
}
