package dev.tern.sim.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link HttpResponse} on an HTTP/1.1 socket: a whole body with Content-Length, a chunked body (used for
 * SSE), raw partial bodies for fault injection, or an abrupt TCP reset. Not thread-safe: one
 * response is written by the connection's own virtual thread.
 */
final class SocketResponse extends ResponseState {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Socket socket;
    private final OutputStream out;
    private final boolean keepAlive;
    private boolean chunked;

    /** @param out buffered output of {@code socket} */
    SocketResponse(Socket socket, OutputStream out, boolean keepAlive) {
        this.socket = socket;
        this.out = out;
        this.keepAlive = keepAlive;
    }





    @Override
    public boolean keepAlive() { return keepAlive && !wasReset(); }

    /** Writes a complete response. */
    @Override
    public void send(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        head(status, headers, contentType, body.length);
        out.write(body);
        out.flush();
    }

    /**
     * Writes the status line and headers (buffered, not flushed).
     *
     * @param contentLength body length, or -1 for a chunked body
     */
    @Override
    public void head(int status, Map<String, String> headers, String contentType, long contentLength) throws IOException {
        starting(status);
        this.chunked = contentLength < 0;
        StringBuilder sb = new StringBuilder(256);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        if (contentType != null) sb.append("Content-Type: ").append(contentType).append("\r\n");
        if (chunked) sb.append("Transfer-Encoding: chunked\r\n");
        else sb.append("Content-Length: ").append(contentLength).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet())
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        if (!keepAlive) sb.append("Connection: close\r\n");
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes raw body bytes (Content-Length mode), buffered. */
    @Override
    public void raw(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

    /** Writes one chunk (chunked mode), buffered. */
    @Override
    public void chunk(byte[] data) throws IOException {
        if (data.length == 0) return;
        out.write(Integer.toHexString(data.length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
        out.write(data);
        out.write(CRLF);
    }

    /** Ends a chunked body and flushes. */
    @Override
    public void endChunked() throws IOException {
        out.write(LAST_CHUNK);
        out.flush();
    }

    @Override
    public void flush() throws IOException { out.flush(); }

    /** Flushes what was written, then closes the connection with a TCP RST (SO_LINGER 0). */
    @Override
    public void reset() {
        resetting();
        try {
            out.flush();
        } catch (IOException ignored) {
            // the peer may be gone already; the reset below is what matters
        }
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket: nothing left to do
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 529 -> "Site Overloaded";
            default -> "Status " + status;
        };
    }
}
