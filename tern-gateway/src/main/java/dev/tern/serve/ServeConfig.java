package dev.tern.serve;

import dev.tern.serve.auth.TokenEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The {@code serve} section of the config (camelCase or snake_case keys):
 * <pre>{@code
 * "serve": {
 *   "host": "127.0.0.1", "port": 8080,
 *   "tokens": [{"name": "alice", "sha256": "<hex of the token's SHA-256>"}],
 *   "rateLimit": {"requestsPerMinute": 600, "burst": 60},
 *   "maxRequestBytes": 8388608, "drainTimeoutSeconds": 30, "readTimeoutSeconds": 60,
 *   "sessionWaitSeconds": 120, "keepAliveSeconds": 5, "mcp": {"exposeTools": false}
 * }}</pre>
 * Flags of {@code tern serve} override host and port.
 *
 * @param host               the address to bind
 * @param port               the port (0 = any free port)
 * @param tokens             users and their hashed bearer tokens
 * @param requestsPerMinute  per-user steady request rate (token bucket refill)
 * @param burst              per-user burst (token bucket size)
 * @param maxRequestBytes    largest request body taken (413 above)
 * @param drainTimeout       how long a shutdown lets running turns finish before cancelling them
 * @param readTimeout        how long the server waits for a client's bytes (slow clients are dropped)
 * @param sessionWait        how long a request waits for another turn in the same session (409 after)
 * @param mcpExposeTools     the workspace's built-in tools are MCP tools too (besides agents and workflows)
 * @param keepAlive          how long a streamed answer may stay silent before a {@code : keep-alive} comment is sent
 *                           (proxies keep the stream open; a client that went away is noticed and its turn cancelled)
 */
public record ServeConfig(String host, int port, List<TokenEntry> tokens, int requestsPerMinute, int burst,
                          long maxRequestBytes, Duration drainTimeout, Duration readTimeout, Duration sessionWait,
                          boolean mcpExposeTools, Duration keepAlive) {

    public static final ServeConfig DEFAULTS = new ServeConfig("127.0.0.1", 8080, List.of(), 600, 60, 8L << 20,
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), false, Duration.ofSeconds(5));

    public ServeConfig {
        tokens = List.copyOf(tokens);
    }

    public ServeConfig withListen(String h, Integer p) {
        return new ServeConfig(h == null ? host : h, p == null ? port : p, tokens, requestsPerMinute, burst, maxRequestBytes,
                drainTimeout, readTimeout, sessionWait, mcpExposeTools, keepAlive);
    }

    public ServeConfig withTokens(List<TokenEntry> t) {
        return new ServeConfig(host, port, t, requestsPerMinute, burst, maxRequestBytes, drainTimeout, readTimeout, sessionWait,
                mcpExposeTools, keepAlive);
    }

    public ServeConfig withDrainTimeout(Duration d) {
        return new ServeConfig(host, port, tokens, requestsPerMinute, burst, maxRequestBytes, d, readTimeout, sessionWait,
                mcpExposeTools, keepAlive);
    }

    public ServeConfig withRateLimit(int perMinute, int burstSize) {
        return new ServeConfig(host, port, tokens, perMinute, burstSize, maxRequestBytes, drainTimeout, readTimeout, sessionWait,
                mcpExposeTools, keepAlive);
    }

    public ServeConfig withMaxRequestBytes(long n) {
        return new ServeConfig(host, port, tokens, requestsPerMinute, burst, n, drainTimeout, readTimeout, sessionWait, mcpExposeTools, keepAlive);
    }

    public ServeConfig withReadTimeout(Duration d) {
        return new ServeConfig(host, port, tokens, requestsPerMinute, burst, maxRequestBytes, drainTimeout, d, sessionWait, mcpExposeTools, keepAlive);
    }

    public ServeConfig withKeepAlive(Duration d) {
        return new ServeConfig(host, port, tokens, requestsPerMinute, burst, maxRequestBytes, drainTimeout, readTimeout, sessionWait,
                mcpExposeTools, d);
    }

    public ServeConfig withMcpExposeTools(boolean b) {
        return new ServeConfig(host, port, tokens, requestsPerMinute, burst, maxRequestBytes, drainTimeout, readTimeout, sessionWait, b, keepAlive);
    }

    /**
     * Reads the section.
     *
     * @param serve  the {@code serve} object, or null
     * @param source the config file name, for messages
     * @throws IllegalArgumentException with a one-line reason for a wrong value
     */
    public static ServeConfig parse(JsonNode serve, String source) {
        if (serve == null || serve.isNull()) return DEFAULTS;
        if (!serve.isObject()) throw new IllegalArgumentException(source + ": 'serve' must be an object");
        ServeConfig d = DEFAULTS;
        JsonNode rate = get(serve, "rateLimit");
        JsonNode mcp = get(serve, "mcp");
        List<TokenEntry> tokens = new ArrayList<>();
        JsonNode t = get(serve, "tokens");
        if (t != null) {
            if (!t.isArray()) throw new IllegalArgumentException(source + ": 'serve.tokens' must be an array of {name, sha256}");
            int i = 0;
            for (JsonNode e : t) {
                String where = source + ": 'serve.tokens[" + i++ + "]'";
                if (!e.isObject()) throw new IllegalArgumentException(where + " must be an object {name, sha256}");
                tokens.add(TokenEntry.of(text(e, "name", null), text(e, "sha256", null), where));
            }
        }
        return new ServeConfig(text(serve, "host", d.host()), (int) number(serve, "port", d.port(), 0, 65535, source),
                tokens, (int) number(rate, "requestsPerMinute", d.requestsPerMinute(), 1, 1_000_000, source),
                (int) number(rate, "burst", d.burst(), 1, 1_000_000, source),
                number(serve, "maxRequestBytes", d.maxRequestBytes(), 1024, 1L << 30, source),
                Duration.ofSeconds(number(serve, "drainTimeoutSeconds", d.drainTimeout().toSeconds(), 0, 3600, source)),
                Duration.ofSeconds(number(serve, "readTimeoutSeconds", d.readTimeout().toSeconds(), 1, 3600, source)),
                Duration.ofSeconds(number(serve, "sessionWaitSeconds", d.sessionWait().toSeconds(), 0, 3600, source)),
                mcp != null && get(mcp, "exposeTools") != null && get(mcp, "exposeTools").asBoolean(),
                Duration.ofSeconds(number(serve, "keepAliveSeconds", d.keepAlive().toSeconds(), 1, 3600, source)));
    }

    private static JsonNode get(JsonNode o, String camel) {
        if (o == null || !o.isObject()) return null;
        JsonNode v = o.get(camel);
        if (v == null) v = o.get(camel.replaceAll("([A-Z])", "_$1").toLowerCase());
        return v == null || v.isNull() ? null : v;
    }

    private static String text(JsonNode o, String key, String fallback) {
        JsonNode v = get(o, key);
        return v == null ? fallback : v.asString();
    }

    private static long number(JsonNode o, String key, long fallback, long min, long max, String source) {
        JsonNode v = get(o, key);
        if (v == null) return fallback;
        if (!v.isIntegralNumber()) throw new IllegalArgumentException(source + ": 'serve." + key + "' must be an integer");
        long n = v.asLong();
        if (n < min || n > max) throw new IllegalArgumentException(source + ": 'serve." + key + "' must be in [" + min + ", " + max + "], got " + n);
        return n;
    }
}
