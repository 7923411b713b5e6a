package dev.tern.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request.
 *
 * @param method         "GET", "POST", ...
 * @param uri            absolute http(s) URI
 * @param headers        name/value pairs, flattened ({@code [n1, v1, n2, v2, ...]}); the transport adds
 *                       {@code host} and {@code content-length}
 * @param body           the request body, or null for none; it may be written more than once (retries)
 * @param timeouts       connect, response-headers and body-idle bounds
 */
public record TransportRequest(String method, URI uri, List<String> headers, Body body, Timeouts timeouts) {

    public TransportRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? List.of() : List.copyOf(headers);
        if (headers.size() % 2 != 0) throw new IllegalArgumentException("headers must be name/value pairs");
        timeouts = timeouts == null ? Timeouts.NONE : timeouts;
    }

    public static TransportRequest get(URI uri, List<String> headers, Timeouts timeouts) {
        return new TransportRequest("GET", uri, headers, null, timeouts);
    }

    public static TransportRequest post(URI uri, List<String> headers, Body body, Timeouts timeouts) {
        return new TransportRequest("POST", uri, headers, body, timeouts);
    }

    /** Shorthands for the timeouts. */
    public Duration headersTimeout() { return timeouts.headers(); }

    public Duration idleTimeout() { return timeouts.idle(); }

    /**
     * The bounds of one exchange; null = the transport's default (connect) or none (headers, idle).
     *
     * @param connect bound on opening a new connection (TCP and TLS); the wait in the connect queue is not counted
     * @param headers bound on the wait for the response headers once the request is sent
     * @param idle    bound on silence while the body is read
     */
    public record Timeouts(Duration connect, Duration headers, Duration idle) {
        public static final Timeouts NONE = new Timeouts(null, null, null);
    }

    /** A request body: its length and a way to write it (called once per attempt). */
    public interface Body {
        /** The exact length in bytes. */
        long length();

        void writeTo(OutputStream out) throws IOException;

        /** {@code length} bytes of {@code array} from {@code offset}, sent as they are (not copied). */
        static Bytes of(byte[] array, int offset, int length) {
            return new Bytes(array, offset, length);
        }

        static Bytes of(byte[] array) { return new Bytes(array, 0, array.length); }
    }

    /** A body held in memory. */
    public record Bytes(byte[] array, int offset, int size) implements Body {
        public Bytes {
            Objects.checkFromIndexSize(offset, size, array.length);
        }

        @Override
        public long length() { return size; }

        @Override
        public void writeTo(OutputStream out) throws IOException { out.write(array, offset, size); }
    }
}
