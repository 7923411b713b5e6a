package dev.tern.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The JDK's {@link HttpClient} behind the transport SPI: one client per transport (its own
 * selector thread and executor for completion stages), HTTP/2 over TLS when the server offers it,
 * HTTP/1.1 keep-alive otherwise. Kept for A/B comparisons and as a fallback
 * ({@code -Dtern.http.transport=jdk}).
 */
final class JdkTransport implements HttpTransport {

    private static final Duration DRAIN_GRACE = Duration.ofMillis(250);

    private final HttpClient client;
    private final TransportOptions options;

    JdkTransport(TransportOptions options) {
        this.options = options;
        // The client's own executor runs its non-blocking completion stages: measured (tern bench
        // concurrency) faster than handing them to a virtual-thread executor.
        this.client = HttpClient.newBuilder()
                .version(options.http2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(options.tls() != null ? options.tls() : LazyTrustManager.context())
                .build();
    }

    @Override
    public String name() { return Transports.JDK; }

    /** The JDK client opens connections only for requests: nothing to do ahead of them. */
    @Override
    public boolean preconnect(java.net.URI uri) { return false; }

    @Override
    public TransportResponse send(TransportRequest request, Abort abort) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri());
        // plain http: HTTP/1.1 (no h2c upgrade dance); https: HTTP/2 when ALPN offers it
        if (!"https".equalsIgnoreCase(request.uri().getScheme())) b.version(HttpClient.Version.HTTP_1_1);
        // the JDK bounds connect with the client's timeout and everything up to the headers with the request's:
        // the request's own connect bound (if any) is added so a fresh connection does not eat into the headers wait
        if (request.headersTimeout() != null) b.timeout(headersBound(request));
        if (!request.headers().isEmpty()) b.headers(request.headers().toArray(String[]::new));
        b.method(request.method(), publisher(request.body()));
        if (abort.isAborted()) throw new AbortedException("before sending");
        CompletableFuture<HttpResponse<BodyStream>> pending =
                client.sendAsync(b.build(), info -> new BodyStream(request.idleTimeout()));
        HttpResponse<BodyStream> response;
        try (Abort.Registration r = abort.onAbort(() -> pending.cancel(true))) {
            response = pending.get();
        } catch (CancellationException e) {
            throw new AbortedException("while waiting for the response");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new AbortedException("(interrupted) while waiting for the response");
        } catch (ExecutionException e) {
            if (abort.isAborted()) throw new AbortedException("while waiting for the response");
            throw translate(e.getCause(), request);
        }
        BodyStream body = response.body();
        Abort.Registration bodyAbort = abort.onAbort(body::abort);
        return new Response(response, body, bodyAbort);
    }

    private IOException translate(Throwable t, TransportRequest request) {
        if (t instanceof HttpConnectTimeoutException e) return new TransportTimeoutException.Connect(connect(request), e);
        if (t instanceof HttpTimeoutException e) {
            return new TransportTimeoutException.Headers(headersBound(request), e);
        }
        if (t instanceof IOException io) return io;
        return new IOException(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage(), t);
    }

    private Duration connect(TransportRequest request) {
        Duration c = request.timeouts().connect();
        return c != null ? c : options.connectTimeout();
    }

    private static Duration headersBound(TransportRequest request) {
        Duration c = request.timeouts().connect();
        return c == null ? request.headersTimeout() : c.plus(request.headersTimeout());
    }

    private static HttpRequest.BodyPublisher publisher(TransportRequest.Body body) throws IOException {
        if (body == null) return HttpRequest.BodyPublishers.noBody();
        if (body instanceof TransportRequest.Bytes b) return HttpRequest.BodyPublishers.ofByteArray(b.array(), b.offset(), b.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, body.length()));
        body.writeTo(out);
        return HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
    }

    private static final class Response implements TransportResponse {
        private final HttpResponse<BodyStream> response;
        private final BodyStream body;
        private final Abort.Registration abort;
        private final Headers headers;

        Response(HttpResponse<BodyStream> response, BodyStream body, Abort.Registration abort) {
            this.response = response;
            this.body = body;
            this.abort = abort;
            this.headers = convert(response.headers().map());
        }

        @Override public Headers headers() { return headers; }

        @Override public int status() { return response.statusCode(); }

        @Override public InputStream body() { return body; }

        @Override public String protocol() {
            return response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
        }

        @Override
        public void close() {
            abort.close();
            body.drain(DRAIN_GRACE); // keep the connection for the next request
        }

        private static Headers convert(Map<String, java.util.List<String>> map) {
            Headers.Builder b = new Headers.Builder(map.size());
            map.forEach((k, vs) -> vs.forEach(v -> b.add(k, v)));
            return b.build();
        }
    }

    @Override
    public void close() { client.shutdownNow(); }
}
