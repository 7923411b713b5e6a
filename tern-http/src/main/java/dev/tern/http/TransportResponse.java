package dev.tern.http;

import java.io.InputStream;

/**
 * A response whose headers have arrived. Read the body from {@link #body()} (it honours the exchange's
 * {@link Abort} and idle timeout), then {@link #close()} it: a body read to its end gives the
 * connection back to the pool; an unfinished one is drained briefly (a few KB already on their way)
 * or its connection is discarded.
 */
public interface TransportResponse extends AutoCloseable {

    int status();

    Headers headers();

    /** The body as it arrives (de-chunked); the same stream on every call. */
    InputStream body();

    /** "HTTP/1.1" or "HTTP/2". */
    String protocol();

    /** Releases the exchange; never throws; safe to call more than once. */
    @Override
    void close();
}
