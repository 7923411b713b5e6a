package dev.tern.workspace.context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A text file kept in memory and re-read only when it changed. {@link #refresh()} costs one
 * {@code stat} (modification time, size and file key — an editor's save-by-rename changes the key)
 * and reads the file only when that stamp differs from the last one or after {@link #invalidate()}.
 * A missing file reads as {@code null}. Thread-safe.
 */
public final class WatchedFile {

    private record Stamp(boolean exists, long mtimeNanos, long size, Object fileKey) {
        static final Stamp MISSING = new Stamp(false, 0, -1, null);
    }

    private final Path path;
    private final AtomicLong reads = new AtomicLong();
    private Stamp stamp;            // null until the first refresh
    private String content;
    private boolean dirty = true;

    public WatchedFile(Path path) { this.path = Objects.requireNonNull(path); }

    public Path path() { return path; }

    /**
     * Stats the file and re-reads it if it changed.
     *
     * @return true when the content differs from what the previous call saw
     */
    public synchronized boolean refresh() {
        Stamp now = stat();
        if (!dirty && now.equals(stamp)) return false;
        String old = content;
        if (!now.exists()) {
            content = null;
        } else {
            try {
                content = Files.readString(path, StandardCharsets.UTF_8);
                reads.incrementAndGet();
            } catch (NoSuchFileException e) {
                now = Stamp.MISSING;
                content = null;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
        stamp = now;
        dirty = false;
        return !Objects.equals(old, content);
    }

    /** The content seen by the last {@link #refresh()}, or null when the file did not exist. */
    public synchronized String content() { return content; }

    /** Forces the next {@link #refresh()} to read the file even if its stamp looks unchanged. */
    public synchronized void invalidate() { dirty = true; }

    /** How many times the file was actually read. */
    public long reads() { return reads.get(); }

    private Stamp stat() {
        try {
            // no exception for a missing file (most bootstrap files are): a turn stats each of them, and two exceptions
            // with stack traces per missing file had been the gateway's most frequent throwables
            BasicFileAttributes a = path.getFileSystem().provider().readAttributesIfExists(path, BasicFileAttributes.class);
            if (a == null || !a.isRegularFile()) return Stamp.MISSING;
            return new Stamp(true, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(), a.fileKey());
        } catch (NoSuchFileException e) {
            return Stamp.MISSING;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + path + ": " + e.getMessage(), e);
        }
    }
}
