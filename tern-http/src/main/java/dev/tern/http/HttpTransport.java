package dev.tern.http;

import java.io.IOException;

/**
 * The HTTP client SPI under Tern's providers (and web_fetch, MCP over HTTP): one blocking call per
 * exchange, made from the caller's (virtual) thread. Implementations pool connections, bound
 * connection establishment (a connect queue, never thousands of simultaneous SYNs) and are
 * thread-safe; one transport serves a whole process. Create one with {@link Transports}. Transports
 * never follow redirects (a 3xx is returned as it is: callers that follow them, like web_fetch, check
 * every hop themselves).
 *
 * <p>Failures are {@link IOException}s: {@link TransportTimeoutException} subtypes for the three
 * timeouts (connect, response headers, body idle), {@link AbortedException} when the request's
 * {@link Abort} fired, anything else for refused, reset or closed connections.
 */
public interface HttpTransport extends AutoCloseable {

    /** Short name for reports and errors ("jdk", "socket"). */
    String name();

    /**
     * Sends {@code request} and returns once the response headers have arrived; the body is read from
     * {@link TransportResponse#body()} afterwards. Firing {@code abort} at any time (while connecting,
     * waiting for headers or reading the body) ends the exchange at once: the blocked call throws
     * {@link AbortedException} and the connection is discarded.
     *
     * @param abort the exchange's abort signal; {@link Abort#NEVER} when it cannot be aborted
     */
    TransportResponse send(TransportRequest request, Abort abort) throws IOException;

    /**
     * Opens a connection to {@code uri}'s server ahead of the first request and keeps it in the pool, unless this
     * transport has connected to that server before (a connection open, busy, closed since or being opened: nothing is
     * added to a busy pool): the request then does not wait for the TCP and TLS handshakes, nor for the process's first TLS set-up
     * (trust store, cryptography). A request that finds the connection still being opened waits for it
     * instead of opening a second one. Blocks until the connection is open, for at most the connect timeout; call it
     * from a thread of its own.
     *
     * @return false when this transport cannot open a connection without a request (the JDK client's)
     * @throws IOException when the connection cannot be opened (the request that needs it will say why again)
     */
    boolean preconnect(java.net.URI uri) throws IOException;

    /** Closes pooled connections; exchanges in progress fail. */
    @Override
    void close();

    /** The default transport of this process ({@link Transports#create()}). */
    static HttpTransport create() {
        return Transports.create();
    }
}
