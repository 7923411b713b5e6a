package dev.tern.sim.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** OpenAI Files kept in memory, bounded by total bytes (the oldest files are forgotten first). */
public final class FileStore {

    /**
     * One stored file.
     *
     * @param id        {@code file-...}
     * @param filename  name given at upload (or of a batch result file)
     * @param purpose   {@code batch}, {@code batch_output}, ...
     * @param createdAt epoch seconds
     * @param bytes     content
     */
    public record StoredFile(String id, String filename, String purpose, long createdAt, byte[] bytes) { }

    private final long maxBytes;
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffffL, 36);
    private long total;

    public FileStore(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Stores a file and returns it; older files are forgotten when the byte bound is passed. */
    public synchronized StoredFile add(String filename, String purpose, long createdAt, byte[] bytes) {
        StoredFile f = new StoredFile("file-sim" + idPrefix + Long.toString(ids.incrementAndGet(), 36), filename, purpose,
                createdAt, bytes);
        files.put(f.id(), f);
        total += bytes.length;
        Iterator<StoredFile> it = files.values().iterator();
        while (total > maxBytes && it.hasNext()) {
            StoredFile old = it.next();
            if (old == f) break;
            total -= old.bytes().length;
            it.remove();
        }
        return f;
    }

    /** @return the file or null */
    public synchronized StoredFile get(String id) { return files.get(id); }

    /** @return whether it existed */
    public synchronized boolean delete(String id) {
        StoredFile f = files.remove(id);
        if (f != null) total -= f.bytes().length;
        return f != null;
    }

    /** Newest first, optionally of one purpose (null = all). */
    public synchronized List<StoredFile> list(String purpose) {
        List<StoredFile> out = new ArrayList<>();
        for (StoredFile f : files.values()) if (purpose == null || purpose.equals(f.purpose())) out.add(f);
        return out.reversed();
    }

    public synchronized void clear() {
        files.clear();
        total = 0;
    }
}
