package dev.tern.http;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.webclient.api.ClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http2.Http2ClientProtocolConfig;
import io.helidon.webclient.http2.Http2ClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

/**
 * Helidon WebClient 4 (blocking, made for virtual threads) behind the transport SPI, for HTTP/2: over
 * TLS it offers {@code h2} and {@code http/1.1} by ALPN and uses what the server picks, so many
 * concurrent calls share a few multiplexed connections instead of one socket each. Plain {@code http}
 * goes through the {@link SocketTransport} (HTTP/1.1). Its timeouts and
 * aborts are Tern's: the headers and body-idle bounds are watched by a {@link Watchdog} that ends the
 * blocked phase by interrupting the thread blocked in it, so they hold on HTTP/1.1 and HTTP/2 alike.
 *
 * <p>Measured on loopback (Helidon 4.5 client, h2c): slower than HTTP/1.1 sockets at 100 concurrent streams
 * and unreliable at 1 000 on one connection, against Helidon's server and Jetty's alike, hence kept for A/B
 * comparisons only: {@link JettyTransport} is Tern's HTTP/2 transport.
 */
final class HelidonTransport implements HttpTransport {

    private static final Duration UNBOUNDED = Duration.ofDays(1);

    private final String name;
    private final TransportOptions options;
    /** https (ALPN h2, http/1.1). */
    private final WebClient secure;
    private final Watchdog watchdog = new Watchdog();
    /** HTTP/1.1 on plain http: the socket transport, which also bounds connection set-up. */
    private final SocketTransport http1;

    HelidonTransport(String name, TransportOptions options) {
        this.name = name;
        this.options = options;
        Tls tls = Tls.builder()
                .sslContext(options.tls() != null ? options.tls() : LazyTrustManager.context())
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        this.secure = client(options, options.http2() ? List.of("h2", "http/1.1") : List.of("http/1.1"))
                .tls(tls).build();
        this.http1 = new SocketTransport(options);
    }

    private static io.helidon.webclient.api.WebClientConfig.Builder client(TransportOptions options, List<String> protocols) {
        return WebClient.builder()
                .connectTimeout(options.connectTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .shareConnectionCache(false)
                .servicesDiscoverServices(false)
                .protocolPreference(protocols)
                .addProtocolConfig(Http2ClientProtocolConfig.builder().priorKnowledge(false).build());
    }

    @Override
    public String name() { return name; }

    @Override
    public TransportResponse send(TransportRequest request, Abort abort) throws IOException {
        if (abort.isAborted()) throw new AbortedException("before sending");
        boolean https = LibraryClients.https(request);
        if (!https) return http1.send(request, abort);
        ClientRequest<?> req = secure.method(Method.create(request.method()));
        req.uri(request.uri());
        req.skipUriEncoding(true);
        req.followRedirects(false);
        // Helidon's own read bound is only a backstop: the watchdog enforces Tern's, phase by phase; with no
        // bound from Tern there is none (Helidon's default would end a quiet stream after 30 s)
        Duration backstop = LibraryClients.backstop(request);
        req.readTimeout(backstop == null ? UNBOUNDED : backstop.plusSeconds(1));
        List<String> h = request.headers();
        req.headers(headers -> {
            for (int i = 0; i < h.size(); i += 2) headers.add(HeaderValues.create(HeaderNames.create(h.get(i)), h.get(i + 1)));
        });
        Exchange exchange = new Exchange(abort, watchdog);
        HttpClientResponse response = onVirtualThread(() -> {
            exchange.enter(request.headersTimeout());
            try {
                TransportRequest.Body body = request.body();
                if (body == null) return req.request();
                if (body instanceof TransportRequest.Bytes b && b.offset() == 0 && b.size() == b.array().length) {
                    return req.submit(b.array());
                }
                req.header(HeaderNames.CONTENT_LENGTH, Long.toString(body.length()));
                return req.outputStream(out -> {
                    body.writeTo(out);
                    out.close();
                });
            } catch (RuntimeException e) {
                exchange.done();
                throw translate(e, "while waiting for the response", exchange);
            } finally {
                exchange.leave();
            }
        });
        return new Response(response, exchange, request.idleTimeout());
    }

    /** Blocking work that may be interrupted by the watchdog or an abort. */
    private interface Blocking<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code work} on this thread if it is virtual, else on a virtual thread this one waits for: only
     * a virtual thread blocked in a socket read or an HTTP/2 frame wait can be interrupted out of it.
     */
    private static <T> T onVirtualThread(Blocking<T> work) throws IOException {
        if (Thread.currentThread().isVirtual()) return work.call();
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread worker = Thread.ofVirtual().name("tern-http-call").start(() -> {
            try {
                result[0] = work.call();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        boolean interrupted = false;
        while (true) {
            try {
                worker.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                worker.interrupt(); // the caller's interrupt ends the call, as it would on a virtual thread
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        Throwable t = failure[0];
        if (t instanceof IOException io) throw io;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error err) throw err;
        @SuppressWarnings("unchecked") T r = (T) result[0];
        return r;
    }

    /** What a failure inside Helidon means for Tern: aborted, one of the timeouts, or an I/O error. */
    IOException translate(Throwable e, String phase, Exchange x) {
        if (x.aborted()) return new AbortedException(phase);
        if (x.timedOut()) {
            return x.inBody() ? new TransportTimeoutException.Idle(x.limit(), e) : new TransportTimeoutException.Headers(x.limit(), e);
        }
        if (Thread.currentThread().isInterrupted()) return new AbortedException("(interrupted) " + phase);
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (LibraryClients.isConnectTimeout(c)) {
                return new TransportTimeoutException.Connect(options.connectTimeout(), e);
            }
            if (c instanceof ConnectException ce) return ce;
        }
        if (cause instanceof IOException io) return io;
        String m = cause.getMessage();
        return new IOException(m == null ? cause.getClass().getSimpleName() : m, cause);
    }

    /** A response whose headers arrived; the body is read through the watchdog. */
    private final class Response implements TransportResponse {
        private final HttpClientResponse response;
        private final Headers headers;
        private final Body body;
        private final Exchange exchange;
        private boolean closed;

        Response(HttpClientResponse response, Exchange exchange, Duration idle) {
            this.response = response;
            this.exchange = exchange;
            Headers.Builder b = new Headers.Builder(16);
            for (io.helidon.http.Header header : response.headers()) {
                for (String v : header.allValues()) b.add(header.name(), v);
            }
            this.headers = b.build();
            this.body = new Body(response.inputStream(), exchange, idle);
        }

        @Override public int status() { return response.status().code(); }

        @Override public Headers headers() { return headers; }

        @Override public InputStream body() { return body; }

        @Override public String protocol() { return response instanceof Http2ClientResponse ? "HTTP/2" : "HTTP/1.1"; }

        @Override
        public synchronized void close() {
            if (closed) return;
            closed = true;
            exchange.done();
            try {
                response.close(); // a body read to its end keeps the connection; otherwise Helidon discards it
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }

        /** The body stream: every read is one watched phase. */
        private final class Body extends WatchedBody {
            private final InputStream in;

            Body(InputStream in, Exchange x, Duration idle) {
                super(x, idle);
                this.in = in;
            }

            @Override
            protected int watchedRead(byte[] b, int off, int len) throws IOException {
                return onVirtualThread(() -> {
                    x.enter(idle);
                    try {
                        return in.read(b, off, len);
                    } catch (IOException | RuntimeException e) {
                        throw translate(e, "while reading the body", x);
                    } finally {
                        x.leave();
                    }
                });
            }

            @Override
            public void close() { Response.this.close(); }
        }
    }

    @Override
    public void close() {
        watchdog.close();
        http1.close();
        try {
            secure.closeResource();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }
}
