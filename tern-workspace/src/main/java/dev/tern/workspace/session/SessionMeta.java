package dev.tern.workspace.session;

import dev.tern.workspace.fs.AtomicFiles;
import dev.tern.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's metadata, kept in a small side file {@code sessions/<file>.meta.json} so that the log
 * itself is never rewritten. The log is the truth for the messages: on load, {@code messageCount}
 * and {@code updated} are recomputed from it, so a meta file that lags behind (crash between an
 * append and a meta write) is harmless. The file is written atomically (temp file + move) only when
 * something that exists nowhere else changes: on creation, title, consolidation cursor, and close.
 *
 * @param key              the session key (e.g. {@code cli:direct})
 * @param created          when the session started
 * @param updated          when its last message was added
 * @param messageCount     messages in the log
 * @param lastConsolidated messages [0, lastConsolidated) are summarised into memory
 * @param title            a short title, or null
 */
public record SessionMeta(String key, Instant created, Instant updated, int messageCount, int lastConsolidated,
                          String title) {

    public SessionMeta withUpdated(Instant at, int count) {
        return new SessionMeta(key, created, at, count, lastConsolidated, title);
    }

    public SessionMeta withLastConsolidated(int n) { return new SessionMeta(key, created, updated, messageCount, n, title); }

    public SessionMeta withTitle(String t) { return new SessionMeta(key, created, updated, messageCount, lastConsolidated, t); }

    void write(Path file) {
        ObjectNode o = Json.object();
        o.put("key", key);
        o.put("createdAt", created.toString());
        o.put("updatedAt", updated.toString());
        o.put("messageCount", messageCount);
        o.put("lastConsolidated", lastConsolidated);
        if (title != null) o.put("title", title);
        AtomicFiles.writeUnchecked(file, Json.MAPPER.writeValueAsBytes(o));
    }

    /** Reads a meta file; null when absent or unreadable (the log is enough to rebuild it). */
    static SessionMeta read(Path file) {
        if (!Files.exists(file)) return null;
        try {
            JsonNode o = Json.parse(Files.readString(file));
            Instant now = Instant.now();
            return new SessionMeta(o.path("key").asString(null), SessionCodec.timestamp(o.get("createdAt"), now),
                    SessionCodec.timestamp(o.get("updatedAt"), now), o.path("messageCount").asInt(0),
                    o.path("lastConsolidated").asInt(0), o.path("title").asString(null));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** nanobot's first-line metadata record ({@code {"_type":"metadata",...}}), for files it wrote. */
    static SessionMeta fromNanobot(String key, JsonNode o, Instant fallback) {
        return new SessionMeta(o.path("key").asString(key), SessionCodec.timestamp(o.get("created_at"), fallback),
                SessionCodec.timestamp(o.get("updated_at"), fallback), 0, o.path("last_consolidated").asInt(0),
                o.path("metadata").path("title").asString(null));
    }
}
