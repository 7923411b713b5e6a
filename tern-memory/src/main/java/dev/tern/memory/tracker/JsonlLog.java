package dev.tern.memory.tracker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An append-only JSONL file with bounded growth: one line per {@link #append} (one write on an
 * {@code O_APPEND} channel, so lines of several processes do not interleave), and when the file would
 * pass {@code maxBytes} it becomes {@code name.1.jsonl} (older ones shift up to {@code name.<keep>.jsonl},
 * the oldest is deleted). Rotation holds an inter-process lock, and a process whose file was rotated
 * by another one notices (the path's file changed) and reopens.
 */
final class JsonlLog implements AutoCloseable {

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private FileChannel channel;
    private Object fileKey;
    /** The file's size when last asked, plus what this process appended since. */
    private long size;

    JsonlLog(Path file, long maxBytes, int keep) {
        this.file = Objects.requireNonNull(file, "file");
        if (maxBytes < 1024) throw new IllegalArgumentException("maxBytes must be >= 1024");
        if (keep < 0) throw new IllegalArgumentException("keep must be >= 0");
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    Path file() { return file; }

    /** The current file and the rotated ones, newest first (only those that exist). */
    List<Path> files() { return files(file); }

    /** {@code file} and its rotated predecessors ({@code name.1.jsonl}, {@code name.2.jsonl} ...), newest first. */
    static List<Path> files(Path file) {
        List<Path> out = new ArrayList<>();
        if (Files.exists(file)) out.add(file);
        for (int i = 1; ; i++) {
            Path p = rotated(file, i);
            if (!Files.exists(p)) break;
            out.add(p);
        }
        return out;
    }

    /** Appends one line (which must end with a newline). */
    synchronized void append(String line) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (channel == null) open();
        // the file's size is asked of the OS only when the lines this process wrote could have filled it (other
        // processes append too): one system call per line instead of three
        if (size + bytes.length > maxBytes) {
            size = channel.size();
            if (size + bytes.length > maxBytes && size > 0) rotate();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) channel.write(buf);
        size += bytes.length;
    }

    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileKey = key(file);
        size = channel.size();
    }

    private void rotate() throws IOException {
        Path lockFile = file.resolveSibling("." + file.getFileName() + ".lock");
        try (FileChannel lc = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lock(lc)) {
            Object current = key(file);
            if (current != null && current.equals(fileKey)) { // nobody rotated it yet: we do
                Files.deleteIfExists(rotated(keep == 0 ? 1 : keep));
                for (int i = keep - 1; i >= 1; i--) moveIfExists(rotated(i), rotated(i + 1));
                if (keep > 0) moveIfExists(file, rotated(1));
                else Files.deleteIfExists(file);
            }
            channel.close();
            channel = null;
            open();
        }
    }

    private static FileLock lock(FileChannel lc) throws IOException {
        try {
            return lc.lock();
        } catch (OverlappingFileLockException e) {
            return null; // another log of this process rotates the same file right now
        }
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // nothing to shift
        }
    }

    private Path rotated(int i) { return rotated(file, i); }

    private static Path rotated(Path file, int i) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot), ext = dot < 0 ? "" : name.substring(dot);
        return file.resolveSibling(base + "." + i + ext);
    }

    private static Object key(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) channel.close();
        channel = null;
    }
}
