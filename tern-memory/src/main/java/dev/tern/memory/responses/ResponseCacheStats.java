package dev.tern.memory.responses;

import java.util.Locale;

/**
 * The response cache at one moment, for {@code /cache}, {@code /perf} and {@code --stats}.
 *
 * @param entries        answers in memory
 * @param bytes          memory they take (as charged against the bound)
 * @param maxBytes       the memory bound
 * @param diskBytes      bytes of the disk tier's files (0 without a disk tier)
 * @param diskMaxBytes   the disk bound (0 without a disk tier)
 * @param inFlight       distinct requests being answered by the provider now
 * @param hits           calls answered from the cache (memory or disk)
 * @param diskHits       of those, answers read from disk
 * @param misses         cacheable calls the provider answered
 * @param coalesced      calls that waited for an identical call in flight instead of calling the provider
 * @param evicted        answers pushed out of memory by the byte bound
 * @param expired        answers dropped because their TTL passed
 * @param verifyFailures entries dropped because their HMAC did not match or they could not be read as entries
 * @param skipped        calls not cached because they carried results of tools with side effects
 * @param diskErrors     disk reads or writes that failed (the call itself went on)
 * @param savedTokens    tokens the original calls billed, summed over hits and coalesced calls
 * @param savedUsd       money those calls cost
 * @param lastDiskError  the latest disk failure, or null
 */
public record ResponseCacheStats(int entries, long bytes, long maxBytes, long diskBytes, long diskMaxBytes, int inFlight,
                                 long hits, long diskHits, long misses, long coalesced, long evicted, long expired,
                                 long verifyFailures, long skipped, long diskErrors, long savedTokens, double savedUsd,
                                 String lastDiskError) {

    /** Share of cacheable calls that did not reach the provider. */
    public double hitRate() {
        long all = hits + misses + coalesced;
        return all == 0 ? 0 : (double) (hits + coalesced) / all;
    }

    /** Lines for {@code /cache}. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  response cache     %d lookups: %d hits (%d from disk), %d coalesced, %d misses (hit rate %.1f%%)%n",
                hits + misses + coalesced, hits, diskHits, coalesced, misses, hitRate() * 100));
        b.append(String.format(Locale.ROOT, "  response entries   %d in memory, %s of %s%s; %d evicted, %d expired%n", entries,
                size(bytes), size(maxBytes), diskMaxBytes == 0 ? ", no disk tier" : ", disk " + size(diskBytes) + " of " + size(diskMaxBytes),
                evicted, expired));
        b.append(String.format(Locale.ROOT, "  response integrity %d verification failure%s (dropped, never served)%s%n", verifyFailures,
                verifyFailures == 1 ? "" : "s", skipped == 0 ? "" : "; " + skipped + " call(s) not cached (side-effecting tool results)"));
        b.append(String.format(Locale.ROOT, "  response savings   %d tokens, $%.4f not spent%n", savedTokens, savedUsd));
        if (diskErrors > 0) b.append("  response disk      ").append(diskErrors).append(" failure(s), last: ").append(lastDiskError).append('\n');
        return b.toString();
    }

    static String size(long b) {
        if (b < 1024) return b + " B";
        if (b < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
    }
}
