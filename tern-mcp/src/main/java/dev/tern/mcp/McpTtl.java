package dev.tern.mcp;

import java.time.Duration;
import java.util.Map;

/**
 * A TTL an MCP server declares for results: {@code ttlMs} in the {@code _meta} of its tools/list answer
 * (for every tool) or of one tool's definition (for that tool). Absent, zero or malformed: null.
 */
final class McpTtl {

    private McpTtl() { }

    static Duration of(Map<String, Object> meta) {
        if (meta == null) return null;
        Object v = meta.get("ttlMs");
        if (v instanceof Number n && n.longValue() > 0) return Duration.ofMillis(n.longValue());
        if (v instanceof String s) {
            try {
                long ms = Long.parseLong(s.strip());
                return ms > 0 ? Duration.ofMillis(ms) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
