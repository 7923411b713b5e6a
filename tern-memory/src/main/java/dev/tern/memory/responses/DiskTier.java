package dev.tern.memory.responses;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The disk tier: one file per answer, {@code <dir>/<k0k1>/<key>.rc}, holding a 4-byte magic, the
 * 32-byte HMAC and the encoded answer. Files are written to a temporary name and moved into place
 * atomically, so readers (this or another process) see a whole entry or none. Bounded by bytes: when
 * the files outgrow the bound, the oldest are deleted down to 90 % of it.
 */
final class DiskTier {

    static final byte[] MAGIC = {'T', 'R', 'C', '1'};
    static final String SUFFIX = ".rc";

    /** What a read found. */
    record Read(byte[] signature, byte[] payload) { }

    private record Known(long bytes, long modified) { }

    private final Path dir;
    private final long maxBytes;
    private final ConcurrentHashMap<String, Known> index = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean scanned;

    DiskTier(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    Path dir() { return dir; }

    Path file(String key) { return dir.resolve(key.substring(0, 2)).resolve(key + SUFFIX); }

    /**
     * The entry's signature and payload, or null when there is no file.
     *
     * @throws IOException when the file exists but cannot be read
     * @throws IllegalArgumentException when it is not an entry (wrong magic, too short)
     */
    Read read(String key) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file(key));
        } catch (NoSuchFileException e) {
            return null;
        }
        if (all.length < MAGIC.length + Signer.LENGTH || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException("not a response-cache entry");
        }
        byte[] sig = Arrays.copyOfRange(all, MAGIC.length, MAGIC.length + Signer.LENGTH);
        byte[] payload = Arrays.copyOfRange(all, MAGIC.length + Signer.LENGTH, all.length);
        return new Read(sig, payload);
    }

    /** Writes an entry atomically; returns how many older entries were deleted to stay within the bound. */
    int write(String key, byte[] signature, byte[] payload) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + key.substring(0, 8), ".tmp");
        try {
            byte[] all = new byte[MAGIC.length + signature.length + payload.length];
            System.arraycopy(MAGIC, 0, all, 0, MAGIC.length);
            System.arraycopy(signature, 0, all, MAGIC.length, signature.length);
            System.arraycopy(payload, 0, all, MAGIC.length + signature.length, payload.length);
            Files.write(tmp, all);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            scanOnce();
            Known old = index.put(key, new Known(all.length, System.currentTimeMillis()));
            bytes.addAndGet(all.length - (old == null ? 0 : old.bytes()));
        } finally {
            Files.deleteIfExists(tmp);
        }
        return bytes.get() > maxBytes ? shrink() : 0;
    }

    /** Deletes an entry's file (a tampered, unreadable or expired one); missing files are fine. */
    void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
        Known k = index.remove(key);
        if (k != null) bytes.addAndGet(-k.bytes());
    }

    /** Deletes every entry file (the key file stays). */
    synchronized void clear() throws IOException {
        scanOnce();
        for (String key : List.copyOf(index.keySet())) delete(key);
    }

    /** Bytes of the entry files (the folder is scanned once, on first need). */
    long bytes() throws IOException {
        scanOnce();
        return bytes.get();
    }

    /** Learns the sizes of the files already there (once, on first need). */
    private void scanOnce() throws IOException {
        if (scanned) return;
        synchronized (this) {
            if (scanned) return;
            if (Files.isDirectory(dir)) {
                try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path shard : shards) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
                            for (Path f : files) {
                                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                                String name = f.getFileName().toString();
                                Known old = index.putIfAbsent(name.substring(0, name.length() - SUFFIX.length()),
                                        new Known(a.size(), a.lastModifiedTime().toMillis()));
                                if (old == null) bytes.addAndGet(a.size());
                            }
                        }
                    }
                }
            }
            scanned = true;
        }
    }

    private synchronized int shrink() throws IOException {
        if (bytes.get() <= maxBytes) return 0;
        List<java.util.Map.Entry<String, Known>> all = new ArrayList<>(index.entrySet());
        all.sort((a, b) -> Long.compare(a.getValue().modified(), b.getValue().modified()));   // see MemoryTier.ORDER
        long target = maxBytes - maxBytes / 10;
        int deleted = 0;
        for (var e : all) {
            if (bytes.get() <= target) break;
            delete(e.getKey());
            deleted++;
        }
        return deleted;
    }
}
