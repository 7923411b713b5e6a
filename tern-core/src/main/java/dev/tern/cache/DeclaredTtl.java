package dev.tern.cache;

import java.time.Duration;

/**
 * A tool whose source says how long its results stay valid (an MCP server's {@code ttlMs}). The
 * {@link ToolResultCache} uses it unless the user's config names the tool or its server explicitly.
 */
public interface DeclaredTtl {

    /** The TTL the source declares, or null when it says nothing. */
    Duration declaredTtl();
}
