package dev.tern.cache;

import java.util.Locale;

/**
 * The state of a {@link ToolResultCache} at one moment, for {@code /cache}.
 *
 * @param entries   results stored
 * @param bytes     their total size
 * @param maxBytes  the bound
 * @param inFlight  distinct calls executing right now (each may have coalesced waiters)
 * @param hits      calls answered from the store
 * @param misses    calls executed (cacheable ones only)
 * @param coalesced calls that waited for an identical call already executing
 * @param evicted   entries pushed out by the byte bound
 * @param expired   entries dropped because their TTL passed
 * @param savedMillis execution time saved: the original execution time, summed over hits
 */
public record CacheSnapshot(int entries, long bytes, long maxBytes, int inFlight, long hits, long misses,
                            long coalesced, long evicted, long expired, long savedMillis) {

    /** Share of cacheable calls that did not execute: (hits + coalesced) / all, 0 when there were none. */
    public double hitRate() {
        long all = hits + misses + coalesced;
        return all == 0 ? 0 : (double) (hits + coalesced) / all;
    }

    /** One line for {@code /cache}. */
    public String summary() {
        return String.format(Locale.ROOT,
                "tool cache: %d entries, %s of %s, hits %d, misses %d, coalesced %d, hit rate %.0f %%, "
                        + "evicted %d, expired %d, saved %.1f s",
                entries, size(bytes), size(maxBytes), hits, misses, coalesced, hitRate() * 100, evicted, expired,
                savedMillis / 1000.0);
    }

    private static String size(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", b / (1024.0 * 1024));
    }
}
