package dev.tern.workspace.session;

import dev.tern.json.Json;
import dev.tern.store.SessionInfo;
import dev.tern.store.StoreException;
import dev.tern.workspace.fs.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's metadata in a small side file {@code sessions/<file>.meta.json}, so that the log
 * itself is never rewritten. The log is the truth for the messages: on load, the message count and
 * {@code updated} are recomputed from it, so a meta file that lags behind (crash between an append
 * and a meta write) is harmless. Written atomically (temp file + move) only when something that
 * exists nowhere else changes: on creation, title, consolidation cursor, and close.
 */
final class SessionMetaFile {

    private SessionMetaFile() { }

    /** @throws StoreException when the file cannot be written */
    static void write(SessionInfo m, Path file) {
        ObjectNode o = Json.object();
        o.put("key", m.key());
        o.put("createdAt", m.created().toString());
        o.put("updatedAt", m.updated().toString());
        o.put("messageCount", m.messageCount());
        o.put("lastConsolidated", m.lastConsolidated());
        if (m.title() != null) o.put("title", m.title());
        try {
            AtomicFiles.writeUnchecked(file, Json.MAPPER.writeValueAsBytes(o));
        } catch (UncheckedIOException e) {
            throw new StoreException("cannot write session metadata " + file + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Reads a meta file; null when absent or unreadable (the log is enough to rebuild it). */
    static SessionInfo read(Path file) {
        if (!Files.exists(file)) return null;
        try {
            JsonNode o = Json.parse(Files.readString(file));
            Instant now = Instant.now();
            return new SessionInfo(o.path("key").asString(null), SessionCodec.timestamp(o.get("createdAt"), now),
                    SessionCodec.timestamp(o.get("updatedAt"), now), o.path("messageCount").asInt(0),
                    o.path("lastConsolidated").asInt(0), o.path("title").asString(null));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** nanobot's first-line metadata record ({@code {"_type":"metadata",...}}), for files it wrote. */
    static SessionInfo fromNanobot(String key, JsonNode o, Instant fallback) {
        return new SessionInfo(o.path("key").asString(key), SessionCodec.timestamp(o.get("created_at"), fallback),
                SessionCodec.timestamp(o.get("updated_at"), fallback), 0, o.path("last_consolidated").asInt(0),
                o.path("metadata").path("title").asString(null));
    }
}
