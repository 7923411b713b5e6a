package dev.tern.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One HTTP/1.1 connection of the {@link SocketTransport}: writes a request from a buffer it reuses,
 * parses the status line and headers from its own read buffer, and hands out the body as a
 * {@link SocketBody}. Used by one exchange at a time.
 */
final class Connection {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 256;
    private static final int SINGLE_WRITE = 64 * 1024;
    private static final int SMALL_READ = 1024;
    private static final int LARGE_READ = 8 * 1024;

    final Socket socket;
    final SocketTransport.Route route;
    private final InputStream in;
    private final OutputStream out;
    /**
     * The read buffer: 1 KB (a response head, a non-streamed answer, SSE events) until a read fills it,
     * then 8 KB; reads of at least its size bypass it. 10 000 waiting connections hold 10 MB, not 80.
     */
    byte[] buf = new byte[SMALL_READ];
    int pos;
    int lim;
    private boolean lastFillFull;
    private final WriteBuffers writeBuffers;
    private byte[] head; // borrowed from writeBuffers while a request is written
    private int exchanges;
    volatile long idleSince;
    private volatile boolean dead;
    private int soTimeout = -1;

    Connection(Socket socket, SocketTransport.Route route, WriteBuffers writeBuffers) throws IOException {
        this.socket = socket;
        this.route = route;
        this.writeBuffers = writeBuffers;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** The server closed an idle kept-alive connection before answering; nothing was received. */
    static final class StaleConnectionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final IOException failure;

        StaleConnectionException(IOException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }

        IOException failure() { return failure; }
    }

    boolean isOpen() { return !dead && !socket.isClosed(); }

    /** Closes the socket (from any thread): blocked reads and writes fail at once. */
    void kill() {
        dead = true;
        closeQuietly(socket);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Sends the request and reads the response head. */
    TransportResponse exchange(TransportRequest request, Abort abort, ConnectionPool pool)
            throws IOException, StaleConnectionException {
        boolean reused = exchanges++ > 0;
        Abort.Registration reg = abort.onAbort(this::kill);
        long received = 0;
        try {
            if (abort.isAborted()) throw new AbortedException("before sending");
            write(request);
            timeout(SocketTransport.millis(request.headersTimeout()));
            int status;
            String protocol;
            Headers headers;
            long before = consumed();
            while (true) {
                String statusLine = readLine(true);
                received = consumed() - before;
                if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
                    throw new IOException("not an HTTP/1.x response: '" + printable(statusLine) + "'");
                }
                protocol = statusLine.substring(0, 8);
                status = parseStatus(statusLine);
                headers = readHeaders();
                if (status >= 200 || status == 101) break; // 1xx interim answers are skipped
            }
            boolean keepAlive = keepAlive(protocol, headers);
            timeout(SocketTransport.millis(request.idleTimeout()));
            // may hand the connection back to the pool at once (empty body): nothing touches it after this
            SocketBody body = SocketBody.of(this, request, status, headers, keepAlive, reg, pool, abort);
            return new SocketResponse(status, protocol, headers, body);
        } catch (IOException e) {
            reg.close();
            kill();
            if (abort.isAborted() || reg.fired()) throw new AbortedException("while waiting for the response");
            if (Thread.currentThread().isInterrupted()) throw new AbortedException("(interrupted) while waiting for the response");
            if (e instanceof SocketTimeoutException) throw new TransportTimeoutException.Headers(request.headersTimeout(), e);
            if (reused && received == 0 && (e instanceof EOFException || e instanceof SocketException)) {
                throw new StaleConnectionException(e);
            }
            throw e;
        } catch (RuntimeException e) {
            reg.close();
            kill();
            throw e;
        }
    }

    private long consumedBase;

    /** Sets the socket's read timeout (ms, 0 = none) unless it already has it. */
    void timeout(int ms) throws IOException {
        if (ms != soTimeout) {
            socket.setSoTimeout(ms);
            soTimeout = ms;
        }
    }

    /** Bytes read from the socket and consumed so far (for the "nothing received" test). */
    private long consumed() { return consumedBase + pos; }

    private static boolean keepAlive(String protocol, Headers headers) {
        String conn = headers.first("connection");
        if (conn != null) {
            String c = conn.toLowerCase(java.util.Locale.ROOT);
            if (c.contains("close")) return false;
            if (c.contains("keep-alive")) return true;
        }
        return protocol.equals("HTTP/1.1");
    }

    private static int parseStatus(String line) throws IOException {
        int s = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') throw new IOException("bad status line: '" + printable(line) + "'");
            s = s * 10 + (c - '0');
        }
        return s;
    }

    private Headers readHeaders() throws IOException {
        Headers.Builder b = new Headers.Builder(16);
        for (int n = 0; ; n++) {
            String line = readLine(false);
            if (line.isEmpty()) return b.build();
            if (n >= MAX_HEADERS) throw new IOException("more than " + MAX_HEADERS + " response headers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("bad response header: '" + printable(line) + "'");
            b.add(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
    }

    // ---- writing

    private void write(TransportRequest r) throws IOException {
        head = writeBuffers.take();
        try {
            writeRequest(r);
        } finally {
            writeBuffers.give(head);
            head = null;
        }
    }

    private void writeRequest(TransportRequest r) throws IOException {
        URI uri = r.uri();
        int n = 0;
        n = put(n, r.method());
        n = put(n, " ");
        String path = uri.getRawPath();
        n = put(n, path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            n = put(n, "?");
            n = put(n, uri.getRawQuery());
        }
        n = put(n, " HTTP/1.1\r\nhost: ");
        n = put(n, route.hostHeader());
        n = put(n, "\r\n");
        List<String> h = r.headers();
        for (int i = 0; i < h.size(); i += 2) {
            n = put(n, h.get(i));
            n = put(n, ": ");
            n = put(n, h.get(i + 1));
            n = put(n, "\r\n");
        }
        TransportRequest.Body body = r.body();
        if (body != null) {
            n = put(n, "content-length: ");
            n = put(n, Long.toString(body.length()));
            n = put(n, "\r\n");
        }
        n = put(n, "\r\n");
        if (body instanceof TransportRequest.Bytes bytes && n + bytes.size() <= SINGLE_WRITE) {
            ensure(n + bytes.size());
            System.arraycopy(bytes.array(), bytes.offset(), head, n, bytes.size());
            out.write(head, 0, n + bytes.size());
        } else {
            out.write(head, 0, n);
            if (body != null) body.writeTo(out);
        }
        out.flush();
    }

    /** Appends {@code s} (Latin-1; other characters become '?') to the head buffer at {@code n}. */
    private int put(int n, String s) {
        int len = s.length();
        ensure(n + len);
        byte[] h = head;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            h[n + i] = c < 256 ? (byte) c : (byte) '?';
        }
        return n + len;
    }

    private void ensure(int size) {
        if (size > head.length) head = java.util.Arrays.copyOf(head, Math.max(size, head.length * 2));
    }

    // ---- reading

    /** Reads up to {@code len} bytes: buffered ones first, then one socket read. -1 at end of stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= buf.length) return in.read(b, off, len);
        if (!fill()) return -1;
        return read(b, off, len);
    }

    /** Refills the empty buffer with one socket read; false at end of stream. */
    boolean fill() throws IOException {
        consumedBase += lim;
        pos = 0;
        lim = 0;
        if (lastFillFull && buf.length < LARGE_READ) buf = new byte[LARGE_READ]; // a large body is streaming
        int n = in.read(buf, 0, buf.length);
        if (n < 0) return false;
        lim = n;
        lastFillFull = n == buf.length;
        return true;
    }

    /** One line without its CR LF (Latin-1). */
    String readLine(boolean first) throws IOException {
        StringBuilder sb = null;
        while (true) {
            for (int i = pos; i < lim; i++) {
                if (buf[i] == '\n') {
                    String part = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    String line = sb == null ? part : sb.append(part).toString();
                    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                }
            }
            if (lim > pos) {
                if (sb == null) sb = new StringBuilder();
                sb.append(new String(buf, pos, lim - pos, StandardCharsets.ISO_8859_1));
                if (sb.length() > MAX_LINE) throw new IOException("response line longer than " + MAX_LINE + " bytes");
                pos = lim;
            }
            if (!fill()) {
                throw new EOFException(first && sb == null ? "connection closed before the response"
                        : "connection closed inside the response head");
            }
        }
    }

    static String printable(String s) {
        String t = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
