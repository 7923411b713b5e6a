package dev.tern.store;

import dev.tern.model.Message;
import java.time.Instant;
import java.util.Objects;

/**
 * One message of a session and when it was added.
 *
 * @param message   the message
 * @param timestamp when it was appended (for files written by other tools, when known; else the load time)
 */
public record SessionEntry(Message message, Instant timestamp) {
    public SessionEntry {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
