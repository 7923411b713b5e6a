package dev.tern.embed.cache;

import java.nio.file.Path;

/**
 * Bounds of the embedding cache.
 *
 * @param maxMemoryBytes bound of the in-memory cache (vector bytes plus per-entry overhead)
 * @param diskDir        folder of the disk cache, or {@code null} for none
 * @param maxDiskBytes   bound of the disk cache; the oldest files are deleted past it
 */
public record CacheOptions(long maxMemoryBytes, Path diskDir, long maxDiskBytes) {

    public static final long DEFAULT_MEMORY_BYTES = 32L << 20;
    public static final long DEFAULT_DISK_BYTES = 256L << 20;

    public CacheOptions {
        if (maxMemoryBytes < 0 || maxDiskBytes < 0) {
            throw new IllegalArgumentException("cache bounds must not be negative");
        }
    }

    /** 32 MiB in memory (~20 000 vectors of 384 floats), no disk cache. */
    public static CacheOptions memoryOnly() {
        return new CacheOptions(DEFAULT_MEMORY_BYTES, null, DEFAULT_DISK_BYTES);
    }

    /** 32 MiB in memory and up to 256 MiB in {@code dir}. */
    public static CacheOptions withDisk(Path dir) {
        return new CacheOptions(DEFAULT_MEMORY_BYTES, dir, DEFAULT_DISK_BYTES);
    }

    public CacheOptions withMaxMemoryBytes(long bytes) {
        return new CacheOptions(bytes, diskDir, maxDiskBytes);
    }

    public CacheOptions withMaxDiskBytes(long bytes) {
        return new CacheOptions(maxMemoryBytes, diskDir, bytes);
    }
}
