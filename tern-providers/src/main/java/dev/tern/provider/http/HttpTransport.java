package dev.tern.provider.http;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The one HTTP client of a runtime: created once, passed to every provider, never per request.
 * HTTP/1.1 with keep-alive pooling (the JDK pools idle connections per host), client work on
 * virtual threads. Close it when the runtime shuts down.
 */
public final class HttpTransport implements AutoCloseable {

    private final HttpClient client;
    private final ExecutorService executor;
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
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tern-http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public HttpClient client() { return client; }

    public Duration connectTimeout() { return connectTimeout; }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
