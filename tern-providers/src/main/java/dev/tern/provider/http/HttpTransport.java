package dev.tern.provider.http;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The one HTTP client of a runtime: created once, passed to every provider, never per request.
 * HTTP/1.1 with keep-alive pooling (the JDK pools idle connections per host); callers block on
 * their own virtual threads. Close it when the runtime shuts down.
 */
public final class HttpTransport implements AutoCloseable {

    private final HttpClient client;
    private final Duration connectTimeout;

    /** A transport with a 10 s connect timeout. */
    public static HttpTransport create() {
        return new HttpTransport(ProviderConfig.DEFAULT_CONNECT);
    }

    /**
     * @param connectTimeout bound on opening a connection (TCP and TLS)
     */
    public HttpTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        // The client's own executor runs its non-blocking completion stages. Measured (tern bench
        // concurrency): handing them to a virtual-thread executor queues them behind thousands of
        // agent virtual threads on the carrier threads and costs ~8 % of wall time at 1 000 tasks.
        // Callers block in send() on their own virtual threads.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(LazyTrustManager.context())
                .build();
    }

    public HttpClient client() { return client; }

    public Duration connectTimeout() { return connectTimeout; }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
