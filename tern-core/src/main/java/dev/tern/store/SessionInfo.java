package dev.tern.store;

import java.time.Instant;

/**
 * What is known about a session without reading its messages.
 *
 * @param key              the session key (e.g. {@code cli:direct}, {@code telegram:12345})
 * @param created          when the session started
 * @param updated          when its last message was added
 * @param messageCount     messages in the session, or -1 when unknown without reading it
 * @param lastConsolidated messages [0, lastConsolidated) are summarised into memory
 * @param title            a short title, or null
 */
public record SessionInfo(String key, Instant created, Instant updated, int messageCount, int lastConsolidated,
                          String title) {

    public SessionInfo withUpdated(Instant at, int count) {
        return new SessionInfo(key, created, at, count, lastConsolidated, title);
    }

    public SessionInfo withLastConsolidated(int n) { return new SessionInfo(key, created, updated, messageCount, n, title); }

    public SessionInfo withTitle(String t) { return new SessionInfo(key, created, updated, messageCount, lastConsolidated, t); }
}
