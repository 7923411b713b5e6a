package dev.tern.channels.cron;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Read-modify-write of a state file by several processes ({@code tern cron add} while {@code tern serve}
 * runs) and threads: an OS file lock on a side file, plus a JVM lock because the OS lock is per process.
 * The JVM locks are interned by path in one map: that map is the only process-wide state here, and it
 * must be, because file locks themselves are process-wide.
 */
final class StoreLock {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private StoreLock() { }

    static <T> T with(Path lockFile, Supplier<T> action) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try {
            Files.createDirectories(key.getParent());
            try (FileChannel ch = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + key + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }
}
