package dev.tern.http;

import java.time.Duration;

/**
 * How a transport connects and pools.
 *
 * @param connectTimeout    bound on opening one connection (TCP and TLS)
 * @param maxConnecting     connections being opened at once, per transport; further callers queue
 *                          (a burst of 10 000 requests opens connections in waves instead of sending
 *                          10 000 SYNs that overflow the server's backlog)
 * @param maxIdlePerHost    idle keep-alive connections kept per host; more are closed
 * @param keepAlive         how long an idle connection is kept
 * @param http2             use HTTP/2 where the server offers it (TLS with ALPN), if the transport can
 * @param tls               the TLS context; null for the platform trust store, loaded on the first handshake
 */
public record TransportOptions(Duration connectTimeout, int maxConnecting, int maxIdlePerHost, Duration keepAlive,
                               boolean http2, javax.net.ssl.SSLContext tls) {

    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    public static final TransportOptions DEFAULT =
            new TransportOptions(DEFAULT_CONNECT, 64, 16_384, Duration.ofSeconds(30), true, null);

    public TransportOptions {
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) connectTimeout = DEFAULT_CONNECT;
        if (maxConnecting <= 0) throw new IllegalArgumentException("maxConnecting must be > 0");
        if (maxIdlePerHost < 0) throw new IllegalArgumentException("maxIdlePerHost must be >= 0");
        if (keepAlive == null || keepAlive.isNegative()) keepAlive = Duration.ofSeconds(30);
    }

    public TransportOptions withConnectTimeout(Duration d) {
        return new TransportOptions(d, maxConnecting, maxIdlePerHost, keepAlive, http2, tls);
    }

    public TransportOptions withMaxConnecting(int n) {
        return new TransportOptions(connectTimeout, n, maxIdlePerHost, keepAlive, http2, tls);
    }

    public TransportOptions withKeepAlive(Duration d) {
        return new TransportOptions(connectTimeout, maxConnecting, maxIdlePerHost, d, http2, tls);
    }

    /** With a TLS context of one's own (a private CA, a test server). */
    public TransportOptions withTls(javax.net.ssl.SSLContext context) {
        return new TransportOptions(connectTimeout, maxConnecting, maxIdlePerHost, keepAlive, http2, context);
    }
}
