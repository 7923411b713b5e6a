package dev.tern.workspace.tools;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * read_file pages already produced, valid while the file's modification time, size and identity
 * (inode; atomic rewrites change it) stay the same, so a file is re-read only when it changed, also
 * when someone else changed it. Bounded by characters, least recently used dropped first. Thread-safe.
 */
final class FilePageCache {

    private record Key(Path path, int offset, int limit) { }

    private record Entry(Object fileKey, long mtimeNanos, long size, String page) { }

    private final Map<Key, Entry> pages = new LinkedHashMap<>(64, 0.75f, true);
    private final long maxChars;
    private final LongAdder hits = new LongAdder();
    private long chars;

    FilePageCache(long maxChars) { this.maxChars = maxChars; }

    /** The cached page, or null when absent or the file changed since. */
    synchronized String get(Path file, int offset, int limit, BasicFileAttributes now) {
        Key k = new Key(file, offset, limit);
        Entry e = pages.get(k);
        if (e == null) return null;
        if (!Objects.equals(e.fileKey(), now.fileKey()) || e.size() != now.size()
                || e.mtimeNanos() != now.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
            pages.remove(k);
            chars -= e.page().length();
            return null;
        }
        hits.increment();
        return e.page();
    }

    synchronized void put(Path file, int offset, int limit, BasicFileAttributes read, String page) {
        if (page.length() > maxChars / 4) return; // one huge page would evict everything else
        Entry old = pages.put(new Key(file, offset, limit),
                new Entry(read.fileKey(), read.lastModifiedTime().to(TimeUnit.NANOSECONDS), read.size(), page));
        if (old != null) chars -= old.page().length();
        chars += page.length();
        for (Iterator<Entry> it = pages.values().iterator(); chars > maxChars && it.hasNext(); ) {
            chars -= it.next().page().length();
            it.remove();
        }
    }

    long hits() { return hits.sum(); }
}
