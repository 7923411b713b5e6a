package dev.tern.cache;

import java.util.List;
import java.util.function.Predicate;

/**
 * Where the tool-result cache keeps results, and how identical calls in flight find each other
 * (single-flight). The embedded implementation is in memory ({@link MemoryToolResultStore}); a server
 * implementation (Redis) lets gateway nodes share results and coalesce calls across processes. Every
 * implementation passes {@code ToolResultStoreContract} (tern-testkit). Times are epoch milliseconds of
 * the caller's clock. Thread-safe.
 */
public interface ToolResultStore {

    /**
     * One stored result.
     *
     * @param key       the cache key (SHA-256 hex of tool, canonical arguments and scope)
     * @param tool      the tool's name
     * @param content   the result text
     * @param resource  the resource the call read ({@code ToolTraits.resourceOf}), or null
     * @param bytes     the entry's weight against the byte bound
     * @param expiresAt epoch millis after which the entry is stale
     * @param execNanos how long the original execution took (time saved per hit)
     */
    record Entry(String key, String tool, String content, String resource, long bytes, long expiresAt, long execNanos) { }

    /** What a put did: whether the entry was stored, which entries it pushed out, which it replaced. */
    record Put(boolean stored, List<Entry> evicted, Entry replaced) { }

    /** The outcome a leader announces to the followers of its flight. */
    record Landing(String content, boolean error) { }

    /** The fresh entry for {@code key}, or null; expired entries found on the way are removed and added to {@code expired}. */
    Entry get(String key, long now, List<Entry> expired);

    /** Stores (or replaces) an entry; an entry larger than the whole bound is not stored. */
    Put put(Entry entry);

    /** Removes the entries that read {@code resource}; returns them. */
    List<Entry> invalidateResource(String resource);

    /** Removes every entry that read some resource (after a command that may have changed anything); returns them. */
    List<Entry> invalidateAllResources();

    /** Removes the entries of the tools whose name matches; returns them. */
    List<Entry> invalidateTools(Predicate<String> toolName);

    /** Joins the flight of {@code key}: the first caller leads (computes), later ones follow (wait for it). */
    Flight join(String key);

    /** Stored entries. */
    int size();

    /** Stored bytes. */
    long bytes();

    /** The byte bound. */
    long maxBytes();

    /** Flights in progress. */
    int inFlight();

    /** One caller's part in a flight. */
    interface Flight {

        /** True for the caller that must compute the result and {@link #land} it. */
        boolean leader();

        /**
         * Follower: waits for the leader's landing.
         *
         * @throws InterruptedException when the waiting thread is interrupted (the run was cancelled)
         * @throws Exception            what the leader failed with, when it {@link #abort}ed
         */
        Landing await() throws Exception;

        /** Leader: announces the outcome to the followers and ends the flight. */
        void land(Landing landing);

        /** Leader: the computation failed; followers get {@code failure}; the flight ends. */
        void abort(Throwable failure);
    }
}
