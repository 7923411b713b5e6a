package dev.tern.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty 12's HttpClient behind the transport SPI, for HTTP/2: over TLS it offers {@code h2} and {@code http/1.1}
 * by ALPN and uses what the server picks, so thousands of concurrent calls share a few multiplexed connections
 * instead of a socket and a TLS handshake each. Plain {@code http} goes through the {@link SocketTransport}
 * (HTTP/1.1), or, when created as {@link Transports#H2C}, through Jetty with HTTP/2 by prior knowledge (for servers
 * known to speak it).
 *
 * <p>Tern's bounds hold on both protocols: the wait for the headers is the response future's own timeout, the body's
 * silence is watched by a {@link Watchdog} (one virtual thread per transport, no timer per read) that ends the
 * blocked read, and an abort fails the Jetty request at once (a reset stream on HTTP/2; the connection stays).
 * Measured on loopback against Jetty's HTTP/2 server: 10 batches of 1 000 concurrent 300 ms streams on one
 * connection, none failed (Helidon WebClient 4.5 lost whole batches there, see docs/ARCHITECTURE.md).
 */
final class JettyTransport implements HttpTransport {

    /** Hop-by-hop headers and those the client computes: never copied onto a request (HTTP/2 forbids some). */
    private static final Set<String> SKIPPED = Set.of("host", "content-length", "connection", "keep-alive", "transfer-encoding",
            "upgrade", "te", "proxy-connection");
    private static final long UNBOUNDED_MS = Duration.ofDays(1).toMillis();
    /** How long closing a finished body waits for Jetty to put its connection back. */
    private static final long COMPLETION_WAIT_MS = 1_000;

    private final String name;
    private final TransportOptions options;
    private final HttpClient client;
    private final Watchdog watchdog = new Watchdog();
    /** The most connections of one destination ever being opened at once (bounded by {@code maxConnecting}). */
    private final AtomicInteger connectingHighWater = new AtomicInteger();
    /** HTTP/1.1 on plain http (unless h2c): the socket transport, which also bounds connection set-up. */
    private final SocketTransport http1;

    JettyTransport(String name, TransportOptions options, boolean h2cPriorKnowledge) {
        this.name = name;
        this.options = options;
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setSslContext(options.tls() != null ? options.tls() : LazyTrustManager.context());
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("tern-http-jetty");
        threads.setMaxThreads(1 << 20); // callbacks only: never the bound on concurrent exchanges
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(tls);
        connector.setExecutor(threads);
        connector.setConnectTimeout(options.connectTimeout());
        connector.setSelectors(1);
        HTTP2Client h2 = new HTTP2Client(connector);
        // the order is the preference offered by ALPN, and on plain http (h2c only) the protocol spoken
        HttpClientTransportDynamic transport = options.http2() || h2cPriorKnowledge
                ? new AlpnOrHttp11(connector, new ClientConnectionFactoryOverHTTP2.HTTP2(h2), HttpClientConnectionFactory.HTTP11)
                : new AlpnOrHttp11(connector, HttpClientConnectionFactory.HTTP11);
        int maxConnections = Math.max(1, Math.min(options.maxIdlePerHost(), 4_096));
        transport.setConnectionPoolFactory(destination ->
                new AlpnConnectionPool(destination, maxConnections, options.maxConnecting(), connectingHighWater));
        this.client = new HttpClient(transport);
        client.setExecutor(threads);
        client.setFollowRedirects(false);
        client.setUserAgentField(null);          // the caller's user-agent header, or none
        client.setConnectTimeout(options.connectTimeout().toMillis());
        client.setIdleTimeout(options.keepAlive().toMillis());
        // HTTP/2 multiplexes, so this bounds sockets only for HTTP/1.1 over TLS; waiting calls queue in Jetty
        client.setMaxConnectionsPerDestination(maxConnections);
        client.setMaxRequestsQueuedPerDestination(1 << 20);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("the Jetty HTTP client did not start: " + e.getMessage(), e);
        }
        // a transport, not a browser (the handlers are installed by start): no redirects, no authentication challenges
        // (a 401 without WWW-Authenticate failed the exchange), no 100-continue; every status reaches the caller as it is
        client.getProtocolHandlers().clear();
        this.http1 = h2cPriorKnowledge ? null : new SocketTransport(options);
    }

    /**
     * Offers h2 first by ALPN, and speaks HTTP/1.1 over TLS when the server negotiated nothing (a server without ALPN
     * speaks HTTP/1.1; Jetty would otherwise speak the first protocol offered, h2, and fail on the first frame).
     */
    private static final class AlpnOrHttp11 extends HttpClientTransportDynamic {
        AlpnOrHttp11(ClientConnector connector, ClientConnectionFactory.Info... infos) { super(connector, infos); }

        @Override
        public Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
            if (endPoint.getSslSessionData() != null && context.get(ClientConnector.APPLICATION_PROTOCOL_CONTEXT_KEY) == null) {
                context.put(ClientConnector.APPLICATION_PROTOCOL_CONTEXT_KEY, "http/1.1");
            }
            return super.newConnection(endPoint, context);
        }
    }

    @Override
    public String name() { return name; }

    /** The most connections of one destination that were ever being opened at once. */
    int connectingHighWater() { return connectingHighWater.get(); }

    @Override
    public TransportResponse send(TransportRequest request, Abort abort) throws IOException {
        if (abort.isAborted()) throw new AbortedException("before sending");
        boolean https = LibraryClients.https(request);
        if (!https && http1 != null) return http1.send(request, abort);
        Request req = client.newRequest(request.uri()).method(request.method()).followRedirects(false);
        // Jetty's stream idle timeout is a backstop only (it cannot tell the wait for headers from the body's silence):
        // Tern's two bounds are enforced below, phase by phase
        Duration backstop = LibraryClients.backstop(request);
        req.idleTimeout(backstop == null ? UNBOUNDED_MS : backstop.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        List<String> h = request.headers();
        String contentType = null;
        for (int i = 0; i < h.size(); i += 2) {
            String n = h.get(i).toLowerCase(Locale.ROOT);
            if (n.equals("content-type")) contentType = h.get(i + 1);
            if (!SKIPPED.contains(n)) {
                String key = h.get(i), value = h.get(i + 1);
                req.headers(f -> f.add(key, value));
            }
        }
        if (request.body() != null) req.body(content(request.body(), contentType));
        JettyBody listener = new JettyBody();
        Abort.Registration onAbort = abort.onAbort(() -> req.abort(new AbortedException("aborted")));
        req.send(listener);
        Response response;
        try {
            Duration wait = headersBound(request);
            response = listener.headers().get(wait == null ? UNBOUNDED_MS : wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            TransportTimeoutException.Headers t = new TransportTimeoutException.Headers(request.headersTimeout(), e);
            req.abort(t);
            onAbort.close();
            throw t;
        } catch (InterruptedException e) {
            req.abort(e);
            onAbort.close();
            Thread.currentThread().interrupt();
            throw new AbortedException("(interrupted) while waiting for the response");
        } catch (ExecutionException e) {
            onAbort.close();
            throw translate(e.getCause(), abort, false, null);
        }
        return new JettyResponse(req, response, listener, abort, onAbort, request.idleTimeout());
    }

    /** The headers wait: the request's connect bound added when it has one (a new connection may come first). */
    private static Duration headersBound(TransportRequest request) {
        Duration c = request.timeouts().connect(), hdr = request.headersTimeout();
        if (hdr == null) return null;
        return c == null ? hdr : c.plus(hdr);
    }

    private static Request.Content content(TransportRequest.Body body, String contentType) throws IOException {
        ByteBuffer buffer;
        if (body instanceof TransportRequest.Bytes b) {
            buffer = ByteBuffer.wrap(b.array(), b.offset(), b.size());   // sent as it is, not copied
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, body.length()));
            body.writeTo(out);
            buffer = ByteBuffer.wrap(out.toByteArray());
        }
        return new ByteBufferRequestContent(contentType == null ? "application/octet-stream" : contentType, buffer);
    }

    /** What a failure inside Jetty means for Tern: aborted, one of the timeouts, or an I/O error. */
    private IOException translate(Throwable e, Abort abort, boolean inBody, Duration idle) {
        if (abort.isAborted()) return new AbortedException(inBody ? "while reading the body" : "while waiting for the response");
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TransportTimeoutException t) return t;
            if (c instanceof AbortedException a) return a;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (LibraryClients.isConnectTimeout(c)) return new TransportTimeoutException.Connect(options.connectTimeout(), e);
            if (c instanceof ConnectException ce) return ce;
            if (c instanceof TimeoutException) {   // Jetty's idle backstop
                return inBody ? new TransportTimeoutException.Idle(idle, e) : new TransportTimeoutException.Headers(null, e);
            }
        }
        if (e instanceof IOException io) return io;
        String m = e == null ? null : e.getMessage();
        return new IOException(m == null ? (e == null ? "failed" : e.getClass().getSimpleName()) : m, e);
    }

    /** A response whose headers arrived; the body is read through the watchdog. */
    private final class JettyResponse implements TransportResponse {
        private final Request request;
        private final Response response;
        private final Headers headers;
        private final Body body;
        private final Abort abort;
        private final Exchange exchange;
        private final Abort.Registration onAbort;
        private boolean closed;

        private final JettyBody listener;

        JettyResponse(Request request, Response response, JettyBody listener, Abort abort,
                      Abort.Registration onAbort, Duration idle) {
            this.request = request;
            this.response = response;
            this.abort = abort;
            this.exchange = new Exchange(abort, watchdog);
            this.onAbort = onAbort;
            Headers.Builder b = new Headers.Builder(16);
            for (HttpField f : response.getHeaders()) b.add(f.getName(), f.getValue());
            this.headers = b.build();
            this.listener = listener;
            this.body = new Body(listener.stream(), idle);
        }

        @Override public int status() { return response.getStatus(); }

        @Override public Headers headers() { return headers; }

        @Override public InputStream body() { return body; }

        @Override public String protocol() { return response.getVersion() == HttpVersion.HTTP_2 ? "HTTP/2" : "HTTP/1.1"; }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            exchange.done();
            onAbort.close();
            // an unfinished body ends its stream (a reset on HTTP/2, the connection on HTTP/1.1); a finished one is a no-op
            if (!body.ended) request.abort(new IOException("closed before the end of the body"));
            else listener.awaitCompletion(COMPLETION_WAIT_MS);
            try {
                body.in.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** The body stream: every read is one watched phase. */
        private final class Body extends WatchedBody {
            private final InputStream in;
            private volatile boolean ended;

            Body(InputStream in, Duration idle) {
                super(exchange, idle);
                this.in = in;
            }

            @Override
            protected int watchedRead(byte[] b, int off, int len) throws IOException {
                x.enter(idle);
                try {
                    int n = in.read(b, off, len);
                    if (n < 0) ended = true;
                    return n;
                } catch (IOException | RuntimeException e) {
                    IOException t = x.timedOut() ? new TransportTimeoutException.Idle(x.limit(), e) : translate(e, abort, true, idle);
                    request.abort(t);
                    throw t;
                } finally {
                    x.leave();
                }
            }

            @Override
            public void close() { JettyResponse.this.close(); }
        }
    }

    @Override
    public void close() {
        watchdog.close();
        if (http1 != null) http1.close();
        try {
            client.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
