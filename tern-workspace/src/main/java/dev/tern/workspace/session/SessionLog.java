package dev.tern.workspace.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only file of one session. The channel stays open; each line is written with one
 * positional-free append, so the cost of line 10 000 equals the cost of line 10. Thread-safe.
 */
final class SessionLog implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FsyncPolicy policy;
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean dirty;
    private boolean closed;

    SessionLog(Path file, FsyncPolicy policy) {
        this.file = file;
        this.policy = policy;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open session log " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() { return file; }

    /** Appends {@code line} plus a newline, in one write; returns once the OS has it (and the disk, for ALWAYS). */
    synchronized void append(byte[] line) {
        if (closed) throw new IllegalStateException("session log " + file + " is closed");
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        try {
            while (buf.hasRemaining()) channel.write(buf);
            bytesWritten.addAndGet(line.length + 1L);
            if (policy == FsyncPolicy.ALWAYS) channel.force(false);
            else dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Forces written lines to disk if any are pending (the batch flusher calls this). */
    void sync() {
        if (!dirty) return;
        synchronized (this) {
            if (closed || !dirty) return;
            dirty = false;
            try {
                channel.force(false);
            } catch (IOException e) {
                dirty = true;
                throw new UncheckedIOException("cannot fsync " + file + ": " + e.getMessage(), e);
            }
        }
    }

    long bytesWritten() { return bytesWritten.get(); }

    @Override
    public synchronized void close() {
        if (closed) return;
        try {
            if (dirty && policy != FsyncPolicy.NEVER) channel.force(false);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            closed = true;
        }
    }
}
