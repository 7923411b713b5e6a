package dev.tern.sim.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 requests (Content-Length or chunked bodies) from one connection's input. */
public final class HttpReader {

    static final int MAX_LINE = 64 * 1024;
    static final int MAX_HEADERS = 200;
    static final long MAX_BODY = 256L * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    // small until a long line needs more: 10 000 open connections held 800 MB with a 64 KB line and a 16 KB
    // read buffer each, enough to run the simulator's 1.5 GB heap out of memory with two clients' worth
    private byte[] line = new byte[256];
    private final byte[] buf = new byte[4 * 1024];
    private int pos;
    private int lim;

    /** @param out used only to answer {@code Expect: 100-continue} */
    public HttpReader(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** @return the next request, or null when the peer closed the connection between requests */
    public HttpRequest next() throws IOException {
        int n = readLine();
        while (n == 0) n = readLine(); // tolerate stray CRLF between requests
        if (n < 0) return null;
        String requestLine = new String(line, 0, n, StandardCharsets.ISO_8859_1);
        int s1 = requestLine.indexOf(' ');
        int s2 = requestLine.lastIndexOf(' ');
        if (s1 <= 0 || s2 <= s1) throw new HttpProtocolException(400, "malformed request line");
        String method = requestLine.substring(0, s1);
        String target = requestLine.substring(s1 + 1, s2);
        String version = requestLine.substring(s2 + 1);
        if (!version.startsWith("HTTP/1.")) throw new HttpProtocolException(505, "unsupported version " + version);
        Map<String, String> headers = new HashMap<>(16);
        while (true) {
            n = readLine();
            if (n < 0) throw new HttpProtocolException(400, "connection closed inside the headers");
            if (n == 0) break;
            if (headers.size() >= MAX_HEADERS) throw new HttpProtocolException(431, "too many headers");
            int colon = -1;
            for (int i = 0; i < n; i++) if (line[i] == ':') { colon = i; break; }
            if (colon <= 0) throw new HttpProtocolException(400, "malformed header line");
            String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).trim().toLowerCase(Locale.ROOT);
            String value = new String(line, colon + 1, n - colon - 1, StandardCharsets.UTF_8).trim();
            headers.put(name, value);
        }
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = version.equals("HTTP/1.0") ? connection.contains("keep-alive") : !connection.contains("close");
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = readBody(headers);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new HttpRequest(method.toUpperCase(Locale.ROOT), path, query, headers, body, keepAlive);
    }

    private byte[] readBody(Map<String, String> headers) throws IOException {
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) return readChunked();
        String cl = headers.get("content-length");
        if (cl == null) return new byte[0];
        long len;
        try {
            len = Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw new HttpProtocolException(400, "bad Content-Length");
        }
        if (len < 0) throw new HttpProtocolException(400, "bad Content-Length");
        if (len > MAX_BODY) throw new HttpProtocolException(413, "body larger than " + MAX_BODY + " bytes");
        return readExactly((int) len);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int n = readLine();
            if (n < 0) throw new HttpProtocolException(400, "connection closed inside a chunked body");
            String sizeLine = new String(line, 0, n, StandardCharsets.ISO_8859_1);
            int semi = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new HttpProtocolException(400, "bad chunk size");
            }
            if (size < 0 || body.size() + size > MAX_BODY) throw new HttpProtocolException(413, "body too large");
            if (size == 0) {
                while ((n = readLine()) > 0) { /* trailers: ignored */ }
                return body.toByteArray();
            }
            body.write(readExactly((int) size));
            if (readLine() != 0) throw new HttpProtocolException(400, "missing CRLF after chunk");
        }
    }

    private byte[] readExactly(int len) throws IOException {
        byte[] b = new byte[len];
        int have = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, 0, have);
        pos += have;
        if (have < len && in.readNBytes(b, have, len - have) != len - have)
            throw new HttpProtocolException(400, "connection closed inside the body");
        return b;
    }

    private int read() throws IOException {
        if (pos == lim) {
            int r = in.read(buf, 0, buf.length);
            if (r <= 0) return -1;
            pos = 0;
            lim = r;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads one line into {@link #line} without its CRLF; -1 on EOF before any byte. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            int c = read();
            if (c < 0) {
                if (n == 0) return -1;
                throw new HttpProtocolException(400, "connection closed mid-line");
            }
            if (c == '\n') {
                if (n > 0 && line[n - 1] == '\r') n--;
                return n;
            }
            if (n >= MAX_LINE) throw new HttpProtocolException(431, "header line too long");
            if (n == line.length) line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 4));
            line[n++] = (byte) c;
        }
    }
}
