package dev.tern.store;

import java.util.List;

/**
 * The sessions of one workspace or user. The embedded implementation is append-only JSONL files
 * (nanobot-compatible); server implementations (PostgreSQL) pass the same conformance suite
 * ({@code SessionStoreContract} in tern-testkit). Thread-safe.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * The session with this key, loaded or created; the same instance for the same key while open.
     *
     * @throws IllegalArgumentException for a blank key
     * @throws StoreException when it cannot be read or created
     */
    Session open(String key);

    boolean exists(String key);

    /** Every session, most recently updated first. */
    List<SessionInfo> list();

    /**
     * Deletes a session and its metadata.
     *
     * @return false when there was no such session
     * @throws StoreException when it exists but cannot be deleted
     */
    boolean delete(String key);

    @Override
    void close();
}
