package dev.tern.workspace.config;

import java.time.Duration;

/**
 * {@code sessions}: durability of the JSONL session logs.
 *
 * @param fsync       {@code always} (fsync every append), {@code batch} (group commit), {@code never}
 * @param batchWindow for {@code batch}: the longest an appended line waits for its fsync
 */
public record SessionsConfig(String fsync, Duration batchWindow) {
    public static final SessionsConfig DEFAULT = new SessionsConfig("batch", Duration.ofMillis(200));

    public SessionsConfig {
        fsync = fsync == null ? "batch" : fsync.toLowerCase(java.util.Locale.ROOT);
        if (!fsync.equals("always") && !fsync.equals("batch") && !fsync.equals("never")) {
            throw new ConfigException("sessions.fsync must be always, batch or never, got '" + fsync + "'");
        }
    }
}
