package dev.tern.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A response body read straight from its connection's buffer and socket: fixed length, chunked, or
 * up to the end of the connection. Reaching the end gives the connection back to the pool; a failure,
 * a timeout or the abort closes it. Read by one thread.
 */
final class SocketBody extends InputStream {

    private enum Mode { FIXED, CHUNKED, UNTIL_CLOSE }

    private static final int DRAIN_MS = 250;
    private static final int DRAIN_BYTES = 256 * 1024;

    private final Connection conn;
    private final Mode mode;
    private final boolean keepAlive;
    private final Abort.Registration abortReg;
    private final ConnectionPool pool;
    private final Abort abort;
    private final Duration idleTimeout;
    private long left; // FIXED: body bytes left; CHUNKED: bytes left in the current chunk
    private boolean firstChunk = true;
    private boolean done;

    private SocketBody(Connection conn, Mode mode, long left, boolean keepAlive, Abort.Registration abortReg,
                       ConnectionPool pool, Abort abort, Duration idleTimeout) {
        this.conn = conn;
        this.mode = mode;
        this.left = left;
        this.keepAlive = keepAlive;
        this.abortReg = abortReg;
        this.pool = pool;
        this.abort = abort;
        this.idleTimeout = idleTimeout;
    }

    static SocketBody of(Connection conn, TransportRequest request, int status, Headers headers, boolean keepAlive,
                         Abort.Registration abortReg, ConnectionPool pool, Abort abort) throws IOException {
        Mode mode;
        long length = 0;
        boolean empty = request.method().equals("HEAD") || status == 204 || status == 304 || status < 200;
        String te = headers.first("transfer-encoding");
        String cl = headers.first("content-length");
        if (empty) {
            mode = Mode.FIXED;
        } else if (te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            mode = Mode.CHUNKED;
        } else if (cl != null) {
            mode = Mode.FIXED;
            try {
                length = Long.parseLong(cl.strip());
            } catch (NumberFormatException e) {
                throw new IOException("bad content-length: '" + Connection.printable(cl) + "'");
            }
            if (length < 0) throw new IOException("bad content-length: " + length);
        } else {
            mode = Mode.UNTIL_CLOSE;
            keepAlive = false;
        }
        SocketBody body = new SocketBody(conn, mode, length, keepAlive, abortReg, pool, abort, request.idleTimeout());
        if (mode == Mode.FIXED && length == 0) body.finish(true);
        return body;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (len == 0) return 0;
        try {
            return switch (mode) {
                case FIXED -> {
                    int n = conn.read(b, off, (int) Math.min(len, left));
                    if (n < 0) throw new EOFException("connection closed with " + left + " bytes of the body missing");
                    left -= n;
                    if (left == 0) finish(true);
                    yield n;
                }
                case CHUNKED -> {
                    if (left == 0 && !nextChunk()) {
                        finish(true);
                        yield -1;
                    }
                    int n = conn.read(b, off, (int) Math.min(len, left));
                    if (n < 0) throw new EOFException("connection closed inside a chunk");
                    left -= n;
                    yield n;
                }
                case UNTIL_CLOSE -> {
                    int n = conn.read(b, off, len);
                    if (n < 0) finish(false);
                    yield n;
                }
            };
        } catch (IOException e) {
            fail();
            throw translate(e);
        }
    }

    /** A fixed-length body in one array of exactly its size (no growing and copying). */
    @Override
    public byte[] readAllBytes() throws IOException {
        if (done || mode != Mode.FIXED || left > Integer.MAX_VALUE - 16) return super.readAllBytes();
        byte[] out = new byte[(int) left];
        int n = 0;
        while (n < out.length) {
            int r = read(out, n, out.length - n);
            if (r < 0) break;
            n += r;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    @Override
    public int available() {
        return done ? 0 : (int) Math.min(conn.lim - conn.pos, mode == Mode.UNTIL_CLOSE ? Integer.MAX_VALUE : left);
    }

    /** Starts the next chunk; false at the last (empty) one, whose trailers are skipped. */
    private boolean nextChunk() throws IOException {
        if (!firstChunk) {
            String crlf = conn.readLine(false);
            if (!crlf.isEmpty()) throw new IOException("bad chunk end: '" + Connection.printable(crlf) + "'");
        }
        firstChunk = false;
        String line = conn.readLine(false);
        int semi = line.indexOf(';');
        String hex = (semi >= 0 ? line.substring(0, semi) : line).strip();
        long size;
        try {
            size = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size: '" + Connection.printable(line) + "'");
        }
        if (size < 0) throw new IOException("bad chunk size: " + size);
        if (size == 0) {
            while (!conn.readLine(false).isEmpty()) {
                // trailers are not used
            }
            return false;
        }
        left = size;
        return true;
    }

    private IOException translate(IOException e) {
        if (abort.isAborted() || abortReg.fired()) return new AbortedException("while reading the response");
        if (Thread.currentThread().isInterrupted()) return new AbortedException("(interrupted) while reading the response");
        if (e instanceof SocketTimeoutException) return new TransportTimeoutException.Idle(idleTimeout, e);
        return e;
    }

    private void finish(boolean reusable) {
        done = true;
        abortReg.close();
        if (reusable && keepAlive && !abortReg.fired() && conn.isOpen()) pool.release(conn);
        else conn.kill();
    }

    private void fail() {
        done = true;
        abortReg.close();
        conn.kill();
    }

    /**
     * Ends the exchange: an unfinished body is read on (up to 256 KB, at most 250 ms of silence) so its
     * connection can be reused, else the connection is closed.
     */
    @Override
    public void close() {
        if (done) return;
        if (mode == Mode.UNTIL_CLOSE || abort.isAborted()) {
            fail();
            return;
        }
        try {
            conn.timeout(DRAIN_MS);
            // usually only the last chunk's "0\r\n\r\n" is left (a stream parser stops at its end event): a small
            // buffer first, a larger one only when a real remainder turns up
            byte[] skip = new byte[64];
            long budget = DRAIN_BYTES;
            while (!done && budget > 0) {
                int n = read(skip, 0, skip.length);
                if (n < 0) break;
                budget -= n;
                if (n == skip.length && skip.length < 8192) skip = new byte[8192];
            }
        } catch (IOException e) {
            // the drain failed: the connection is closed below
        }
        if (!done) fail();
    }
}
