package dev.tern.http;

import java.io.IOException;
import java.time.Duration;

/** One of the transport's timeouts passed; the subclass says which. */
public abstract sealed class TransportTimeoutException extends IOException
        permits TransportTimeoutException.Connect, TransportTimeoutException.Headers, TransportTimeoutException.Idle {

    private static final long serialVersionUID = 1L;
    private final transient Duration limit;

    TransportTimeoutException(String message, Duration limit, Throwable cause) {
        super(message, cause);
        this.limit = limit;
    }

    /** The timeout that passed. */
    public Duration limit() { return limit; }

    /** Opening the connection (TCP and TLS) took longer than the connect timeout. */
    public static final class Connect extends TransportTimeoutException {
        private static final long serialVersionUID = 1L;

        public Connect(Duration limit, Throwable cause) {
            super("connect timed out after " + Durations.format(limit), limit, cause);
        }
    }

    /** The response headers did not arrive within the headers timeout. */
    public static final class Headers extends TransportTimeoutException {
        private static final long serialVersionUID = 1L;

        public Headers(Duration limit, Throwable cause) {
            super("no response within " + Durations.format(limit), limit, cause);
        }
    }

    /** The body went silent for the idle timeout. */
    public static final class Idle extends TransportTimeoutException {
        private static final long serialVersionUID = 1L;

        public Idle(Duration limit, Throwable cause) {
            super("no data for " + Durations.format(limit), limit, cause);
        }
    }
}
