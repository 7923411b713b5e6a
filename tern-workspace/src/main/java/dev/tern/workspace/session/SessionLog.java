package dev.tern.workspace.session;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The append-only file of one session. The file stays open; each line is written with one append
 * {@code write}, so the cost of line 10 000 equals the cost of line 10. Thread-safe.
 *
 * <p>A {@link FileOutputStream} rather than a {@code FileChannel} on purpose: a channel is closed for
 * good when a thread blocked in it is interrupted (a cancelled run, an executor shutting down), which
 * would make every later append of the session fail; stream writes and {@code FileDescriptor.sync()}
 * are not interruptible.
 */
final class SessionLog implements AutoCloseable {

    private final Path file;
    private FileOutputStream out;  // null while released (see release())
    private final FsyncPolicy policy;
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean dirty;
    private boolean closed;

    SessionLog(Path file, FsyncPolicy policy) {
        this.file = file;
        this.policy = policy;
        this.out = open(file);
    }

    private static FileOutputStream open(Path file) {
        try {
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open session log " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Syncs and closes the file handle to save descriptors; the next append reopens it. Unlike
     * {@link #close()} the log stays usable.
     */
    synchronized void release() {
        if (closed || out == null) return;
        try {
            if (dirty && policy != FsyncPolicy.NEVER) out.getFD().sync();
            dirty = false;
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }

    synchronized boolean holdsHandle() { return out != null; }

    Path file() { return file; }

    /**
     * Appends {@code line} plus a newline, in one write; returns once the OS has it (and the disk, for ALWAYS).
     *
     * @return true when the file handle had been released and was reopened for this append
     */
    synchronized boolean append(byte[] line) {
        if (closed) throw new IllegalStateException("session log " + file + " is closed");
        byte[] buf = new byte[line.length + 1];
        System.arraycopy(line, 0, buf, 0, line.length);
        buf[line.length] = '\n';
        boolean reopened = out == null;
        if (reopened) out = open(file);
        try {
            out.write(buf);
            bytesWritten.addAndGet(buf.length);
            if (policy == FsyncPolicy.ALWAYS) out.getFD().sync();
            else dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e.getMessage(), e);
        }
        return reopened;
    }

    /** Forces written lines to disk if any are pending (the batch flusher calls this). */
    void sync() {
        if (!dirty) return;
        synchronized (this) {
            if (closed || !dirty || out == null) return;
            dirty = false;
            try {
                out.getFD().sync();
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
        closed = true;
        if (out == null) return;
        try {
            if (dirty && policy != FsyncPolicy.NEVER) out.getFD().sync();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
