package dev.tern.sim.http;

import java.io.IOException;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Writes one response: a whole body with Content-Length, a streamed body (chunked on HTTP/1.1, DATA frames on
 * HTTP/2; used for SSE), raw partial bodies for fault injection, or an abrupt reset (the TCP connection on
 * HTTP/1.1, the stream on HTTP/2). Not thread-safe: one response is written by its request's own thread.
 */
public interface HttpResponse {

    /** Called with the status just before the status line is written (so counters lead the client). */
    void onHead(IntConsumer listener);

    /** Status written so far, 0 before {@link #head}. */
    int status();

    boolean committed();

    /** Whether the exchange was reset and its connection (HTTP/1.1) must not be used again. */
    boolean wasReset();

    boolean keepAlive();

    /** Writes a complete response. */
    void send(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException;

    /**
     * Writes the status line and headers (buffered, not flushed).
     *
     * @param contentLength body length, or -1 for a streamed (chunked) body
     */
    void head(int status, Map<String, String> headers, String contentType, long contentLength) throws IOException;

    /** Writes raw body bytes (Content-Length mode), buffered. */
    void raw(byte[] b, int off, int len) throws IOException;

    /** Writes one chunk of a streamed body, buffered. */
    void chunk(byte[] data) throws IOException;

    /** Ends a streamed body and flushes. */
    void endChunked() throws IOException;

    void flush() throws IOException;

    /** Flushes what was written, then ends the exchange abruptly: a TCP RST on HTTP/1.1, RST_STREAM on HTTP/2. */
    void reset();
}
