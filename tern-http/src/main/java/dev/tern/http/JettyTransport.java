package dev.tern.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpVersion;

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
 * connection, none failed (Helidon WebClient 4.5, an earlier candidate, lost whole batches there: docs/ARCHITECTURE.md).
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
    private final boolean h2cPriorKnowledge;
    private final ReentrantLock starting = new ReentrantLock();
    private volatile HttpClient client;
    private volatile boolean closed;
    private final Watchdog watchdog = new Watchdog();
    /** The most connections of one destination ever being opened at once (bounded by {@code maxConnecting}). */
    private final AtomicInteger connectingHighWater = new AtomicInteger();
    /** HTTP/1.1 on plain http (unless h2c): the socket transport, which also bounds connection set-up. */
    private final SocketTransport http1;

    JettyTransport(String name, TransportOptions options, boolean h2cPriorKnowledge) {
        this.name = name;
        this.options = options;
        this.h2cPriorKnowledge = h2cPriorKnowledge;
        this.http1 = h2cPriorKnowledge ? null : new SocketTransport(options);
    }

    /**
     * Jetty's client, started on the first call that needs it: starting it costs ~0.3 s of class loading (measured in a
     * fresh JVM), which a process that only ever calls plain-http servers through {@link #http1} never pays.
     */
    private HttpClient client() throws IOException {
        HttpClient c = client;
        if (c != null && !closed) return c;
        starting.lock();
        try {
            if (closed) throw new IOException("the " + name + " transport is closed");
            if (client == null) client = JettyClients.start(options, h2cPriorKnowledge, connectingHighWater);
            return client;
        } finally {
            starting.unlock();
        }
    }

    @Override
    public String name() { return name; }

    /** Whether Jetty's client was started (by a call that needed it). */
    boolean jettyStarted() { return client != null; }

    /** The most connections of one destination that were ever being opened at once. */
    int connectingHighWater() { return connectingHighWater.get(); }

    @Override
    public boolean preconnect(java.net.URI uri) throws IOException {
        if (!LibraryClients.https(uri) && http1 != null) return http1.preconnect(uri);
        HttpClient c = client();
        if (!(c.resolveDestination(c.newRequest(uri)).getConnectionPool() instanceof AlpnConnectionPool pool)) return false;
        try {
            pool.preconnect().get(options.connectTimeout().toMillis() + COMPLETION_WAIT_MS, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
        } catch (TimeoutException e) {
            throw new TransportTimeoutException.Connect(options.connectTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortedException("(interrupted) while connecting");
        }
    }

    @Override
    public TransportResponse send(TransportRequest request, Abort abort) throws IOException {
        if (abort.isAborted()) throw new AbortedException("before sending");
        boolean https = LibraryClients.https(request);
        if (!https && http1 != null) return http1.send(request, abort);
        Request req = client().newRequest(request.uri()).method(request.method()).followRedirects(false);
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
            throw translate(e.getCause(), abort, false, request.headersTimeout());
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

    /**
     * What a failure inside Jetty means for Tern: aborted, one of the timeouts, or an I/O error.
     *
     * @param limit the phase's bound: the headers timeout before the headers, the idle timeout in the body (null: none)
     */
    private IOException translate(Throwable e, Abort abort, boolean inBody, Duration limit) {
        if (abort.isAborted()) return new AbortedException(inBody ? "while reading the body" : "while waiting for the response");
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TransportTimeoutException t) return t;
            if (c instanceof AbortedException a) return a;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (LibraryClients.isConnectTimeout(c)) return new TransportTimeoutException.Connect(options.connectTimeout(), e);
            if (c instanceof ConnectException ce) return ce;
            if (c instanceof TimeoutException) {   // Jetty's idle backstop, or a connection Jetty timed out
                if (limit == null) return new IOException("timed out: " + c.getMessage(), e);
                return inBody ? new TransportTimeoutException.Idle(limit, e) : new TransportTimeoutException.Headers(limit, e);
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
        private volatile boolean closed;

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
        HttpClient c;
        starting.lock();
        try {
            closed = true;
            c = client;
        } finally {
            starting.unlock();
        }
        if (c == null) return;
        try {
            c.stop();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
