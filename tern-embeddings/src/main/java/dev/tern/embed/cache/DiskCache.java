package dev.tern.embed.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Embeddings on disk, one small file per vector, named by its {@link ContentKey}:
 * {@code <dir>/<model>/<2 hex>/<64 hex>.vec}. A file is written to a unique temporary name and
 * renamed atomically, so any number of threads and processes may share the folder: a reader sees a
 * whole file or none. Each file carries a CRC-32; a file that fails it (torn write, disk fault, hand
 * edit) is counted, deleted and treated as a miss. Past {@code maxBytes} the oldest files go first.
 *
 * <p>File layout (little-endian): {@code "TEV1"}, int dimension, dimension floats, int CRC-32 of all
 * the bytes before it.
 */
public final class DiskCache {

    private static final int MAGIC = 0x31564554; // "TEV1" read little-endian
    private static final long STALE_TMP_MILLIS = 3_600_000;

    private final Path root;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong(-1); // -1: not measured yet
    private final AtomicLong corrupt = new AtomicLong();
    private final AtomicLong ioErrors = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    public DiskCache(Path dir, String modelId, long maxBytes) {
        this.root = dir.resolve(modelId.replaceAll("[^A-Za-z0-9._-]", "_"));
        this.maxBytes = maxBytes;
    }

    public Path folder() {
        return root;
    }

    Path file(ContentKey key) {
        String hex = key.hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex + ".vec");
    }

    /** The vector stored under {@code key}, or null when absent or unreadable (corruption is counted). */
    public float[] read(ContentKey key, int dimension) {
        Path f = file(key);
        byte[] data;
        try {
            data = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            ioErrors.incrementAndGet();
            return null;
        }
        float[] v = decode(data, dimension);
        if (v == null) {
            corrupt.incrementAndGet();
            try {
                Files.deleteIfExists(f); // rewritten by the next embedding of this text
            } catch (IOException ignored) {
                // another process may hold it; the CRC check keeps rejecting it meanwhile
            }
        }
        return v;
    }

    static float[] decode(byte[] data, int dimension) {
        if (data.length != 12 + 4 * dimension) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != MAGIC || b.getInt() != dimension) {
            return null;
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        if ((int) crc.getValue() != b.getInt(data.length - 4)) {
            return null;
        }
        float[] v = new float[dimension];
        b.asFloatBuffer().get(v);
        return v;
    }

    static byte[] encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** Stores a vector atomically. Failures are counted ({@link #ioErrors()}) and returned as false. */
    public boolean write(ContentKey key, float[] v) {
        Path target = file(key);
        byte[] data = encode(v);
        Path tmp = target.resolveSibling(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.write(tmp, data);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            ioErrors.incrementAndGet();
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do: the temporary name is never read
            }
            return false;
        }
        if (maxBytes > 0 && accountWrite(data.length) > maxBytes) {
            prune();
        }
        return true;
    }

    private long accountWrite(int size) {
        if (bytes.get() < 0) {
            synchronized (this) {
                if (bytes.get() < 0) {
                    bytes.set(measure()); // includes the file just written
                    return bytes.get();
                }
            }
        }
        return bytes.addAndGet(size);
    }

    private long measure() {
        long total = 0;
        for (Entry e : list()) {
            total += e.size();
        }
        return total;
    }

    /** Deletes the oldest files until the folder is at 80 % of its bound. */
    private synchronized void prune() {
        List<Entry> files = list();
        long total = 0;
        for (Entry e : files) {
            total += e.size();
        }
        if (total <= maxBytes) {
            bytes.set(total);
            return;
        }
        files.sort(Comparator.comparingLong(Entry::modified));
        long target = maxBytes * 8 / 10;
        for (Entry e : files) {
            if (total <= target) {
                break;
            }
            try {
                if (Files.deleteIfExists(e.path())) {
                    total -= e.size();
                    evicted.incrementAndGet();
                }
            } catch (IOException ignored) {
                // in use by another process on some systems: try the next one
            }
        }
        bytes.set(total);
    }

    private record Entry(Path path, long size, long modified) {
    }

    private List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(shard)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        long modified = a.lastModifiedTime().toMillis();
                        String name = f.getFileName().toString();
                        if (name.endsWith(".tmp")) {
                            if (now - modified > STALE_TMP_MILLIS) {
                                Files.deleteIfExists(f); // left by a crashed writer
                            }
                        } else if (name.endsWith(".vec")) {
                            out.add(new Entry(f, a.size(), modified));
                        }
                    }
                } catch (IOException | UncheckedIOException e) {
                    // a shard removed meanwhile by another process: skip it
                }
            }
        } catch (IOException e) {
            ioErrors.incrementAndGet();
        }
        return out;
    }

    /** Files found corrupt (and deleted) so far. */
    public long corrupt() {
        return corrupt.get();
    }

    /** Reads and writes that failed with an I/O error (a failed write loses only the disk copy). */
    public long ioErrors() {
        return ioErrors.get();
    }

    /** Files deleted to stay within the bound. */
    public long evicted() {
        return evicted.get();
    }
}
