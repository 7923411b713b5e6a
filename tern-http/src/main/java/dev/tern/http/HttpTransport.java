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

    /** Closes pooled connections; exchanges in progress fail. */
    @Override
    void close();

    /** The default transport of this process ({@link Transports#create()}). */
    static HttpTransport create() {
        return Transports.create();
    }
}
