package dev.tern.cache;

import dev.tern.tool.ToolTraits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Which tool results the {@link ToolResultCache} keeps, for how long, and how many bytes in total.
 *
 * <p>Patterns are tool names, optionally ending in {@code *} for a prefix: {@code read_file},
 * {@code mcp_stocks_*} (every tool of MCP server {@code stocks}). A tool is cached when it is not
 * excluded and either a pattern includes it or its {@link ToolTraits#cacheable()} is true. The TTL of
 * a tool is that of the most specific (longest) matching pattern in {@code ttls}, else {@code defaultTtl}.
 *
 * @param enabled    false turns the cache off (calls still pass through, nothing is stored or coalesced)
 * @param defaultTtl how long a result stays fresh (default 300 s)
 * @param maxBytes   bound on the total size of the stored results (UTF-8 bytes of key and content)
 * @param include    patterns of tools to cache even if their traits say otherwise
 * @param exclude    patterns of tools never to cache (wins over include and traits)
 * @param ttls       per-pattern TTLs
 */
public record CachePolicy(boolean enabled, Duration defaultTtl, long maxBytes, List<String> include,
                          List<String> exclude, Map<String, Duration> ttls) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    /** The pattern of every MCP tool: its TTL is the MCP default, which a server's own declared TTL beats. */
    public static final String MCP_PATTERN = "mcp_*";
    /** Read-only is not "unchanging": what an MCP server reads can change outside Tern, so its results live briefly. */
    public static final Duration DEFAULT_MCP_TTL = Duration.ofSeconds(30);
    public static final CachePolicy DEFAULT =
            new CachePolicy(true, DEFAULT_TTL, DEFAULT_MAX_BYTES, List.of(), List.of(), Map.of(MCP_PATTERN, DEFAULT_MCP_TTL));

    public CachePolicy {
        defaultTtl = defaultTtl == null ? DEFAULT_TTL : defaultTtl;
        if (defaultTtl.isNegative() || defaultTtl.isZero()) throw new IllegalArgumentException("cache TTL must be > 0");
        if (maxBytes <= 0) throw new IllegalArgumentException("cache maxBytes must be > 0");
        include = List.copyOf(include == null ? List.of() : include);
        exclude = List.copyOf(exclude == null ? List.of() : exclude);
        ttls = Map.copyOf(ttls == null ? Map.of() : ttls);
        for (Duration d : ttls.values()) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("cache TTL must be > 0");
        }
    }

    public CachePolicy withMaxBytes(long bytes) { return new CachePolicy(enabled, defaultTtl, bytes, include, exclude, ttls); }

    public CachePolicy withDefaultTtl(Duration ttl) { return new CachePolicy(enabled, ttl, maxBytes, include, exclude, ttls); }

    public CachePolicy withInclude(List<String> p) { return new CachePolicy(enabled, defaultTtl, maxBytes, p, exclude, ttls); }

    public CachePolicy withExclude(List<String> p) { return new CachePolicy(enabled, defaultTtl, maxBytes, include, p, ttls); }

    public CachePolicy withTtls(Map<String, Duration> t) { return new CachePolicy(enabled, defaultTtl, maxBytes, include, exclude, t); }

    /** The pattern matching every tool of one MCP server. */
    public static String serverPattern(String server) { return "mcp_" + server + "_*"; }

    /** Whether results of {@code tool} (with these traits) may be cached and coalesced. */
    public boolean cacheable(String tool, ToolTraits traits) {
        if (!enabled || matchesAny(exclude, tool)) return false;
        return matchesAny(include, tool) || (traits != null && traits.cacheable());
    }

    /** How long a result of {@code tool} stays fresh. */
    public Duration ttl(String tool) { return ttl(tool, null); }

    /**
     * How long a result of {@code tool} stays fresh when the tool (its source) declares a TTL of its own
     * ({@link DeclaredTtl}, e.g. an MCP server's {@code ttlMs}): a specific pattern (a tool name, one
     * server's {@code mcp_fs_*}) wins, then the declared TTL, then the source default ({@link #MCP_PATTERN}),
     * then {@code defaultTtl}.
     *
     * @param declared the tool's own TTL, or null
     */
    public Duration ttl(String tool, Duration declared) {
        String best = null;
        for (String p : ttls.keySet()) {
            if (matches(p, tool) && (best == null || p.length() > best.length())) best = p;
        }
        if (declared != null && declared.isPositive() && (best == null || best.equals(MCP_PATTERN))) return declared;
        return best == null ? defaultTtl : ttls.get(best);
    }

    static boolean matches(String pattern, String tool) {
        return pattern.endsWith("*")
                ? tool.startsWith(pattern.substring(0, pattern.length() - 1))
                : pattern.equals(tool);
    }

    private static boolean matchesAny(List<String> patterns, String tool) {
        for (String p : patterns) if (matches(p, tool)) return true;
        return false;
    }

    /**
     * Reads the {@code toolCache} config object (camelCase or snake_case keys), e.g.
     * {@code {"enabled":true,"ttlSeconds":300,"maxBytes":67108864,"include":["mcp_stocks_*"],
     * "exclude":["web_search"],"ttl":{"mcp_news_*":60}}}. A missing or null node gives {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException with a one-line reason when a value has the wrong type or range
     */
    public static CachePolicy fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return DEFAULT;
        if (!node.isObject()) throw new IllegalArgumentException("toolCache: expected an object");
        boolean enabled = bool(node, "enabled", true);
        long ttlSeconds = number(node, DEFAULT_TTL.toSeconds(), "ttlSeconds", "ttl_seconds");
        long maxBytes = number(node, DEFAULT_MAX_BYTES, "maxBytes", "max_bytes");
        Map<String, Duration> ttls = new LinkedHashMap<>();
        JsonNode t = field(node, "ttl", "ttls");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) throw new IllegalArgumentException("toolCache.ttl: expected an object of pattern -> seconds");
            for (Map.Entry<String, JsonNode> e : t.properties()) {
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() <= 0) {
                    throw new IllegalArgumentException("toolCache.ttl." + e.getKey() + ": expected seconds > 0");
                }
                ttls.put(e.getKey(), Duration.ofSeconds(e.getValue().asLong()));
            }
        }
        if (ttlSeconds <= 0) throw new IllegalArgumentException("toolCache.ttlSeconds: expected seconds > 0");
        if (maxBytes <= 0) throw new IllegalArgumentException("toolCache.maxBytes: expected bytes > 0");
        return new CachePolicy(enabled, Duration.ofSeconds(ttlSeconds), maxBytes,
                strings(node, "include"), strings(node, "exclude"), ttls);
    }

    private static JsonNode field(JsonNode node, String... names) {
        for (String n : names) {
            JsonNode v = node.get(n);
            if (v != null) return v;
        }
        return null;
    }

    private static boolean bool(JsonNode node, String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw new IllegalArgumentException("toolCache." + name + ": expected true or false");
        return v.booleanValue();
    }

    private static long number(JsonNode node, long fallback, String... names) {
        JsonNode v = field(node, names);
        if (v == null || v.isNull()) return fallback;
        if (!v.isIntegralNumber()) throw new IllegalArgumentException("toolCache." + names[0] + ": expected a whole number");
        return v.asLong();
    }

    private static List<String> strings(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new IllegalArgumentException("toolCache." + name + ": expected an array of tool name patterns");
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isString() || e.stringValue().isBlank()) {
                throw new IllegalArgumentException("toolCache." + name + ": expected non-empty strings");
            }
            out.add(e.stringValue());
        }
        return out;
    }
}
