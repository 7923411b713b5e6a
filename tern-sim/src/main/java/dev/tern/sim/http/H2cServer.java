package dev.tern.sim.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SelectableChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The simulator on Jetty's server: one loopback port speaking HTTP/1.1 and HTTP/2 by prior knowledge (h2c), each
 * request handled on a virtual thread. HTTP/2 clients multiplex their calls as they would to a real provider (which
 * offers h2 by ALPN over TLS): {@value #MAX_STREAMS} concurrent streams per connection, as common CDN fronts allow,
 * so 10 000 concurrent calls need a few dozen connections, not 10 000. A {@link HttpResponse#reset()} resets the
 * stream (HTTP/2) or ends the connection (HTTP/1.1).
 */
public final class H2cServer implements HttpListener {

    /** SETTINGS_MAX_CONCURRENT_STREAMS offered to clients. */
    public static final int MAX_STREAMS = 256;

    private final Server server;
    private final ServerConnector connector;

    private final AtomicLong accepted;

    private H2cServer(Server server, ServerConnector connector, AtomicLong accepted) {
        this.server = server;
        this.connector = connector;
        this.accepted = accepted;
    }

    /** Binds 127.0.0.1:{@code port} (0 = ephemeral) and starts serving. */
    public static H2cServer start(int port, int backlog, HttpHandler handler, dev.tern.sim.SimConfig.Tls tls) throws IOException {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setName("sim-h2");
        threads.setMaxThreads(1 << 20);    // a handler blocks (latency, stalls): never the bound on concurrent requests
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendDateHeader(false);
        ServerConnector connector;
        if (tls == null) {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(config);
            h2c.setMaxConcurrentStreams(MAX_STREAMS);
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config), h2c);
        } else {   // TLS: h2 or http/1.1 by ALPN, HTTP/1.1 for a client that offers none
            HttpConfiguration https = new HttpConfiguration(config);
            https.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toString());
            ssl.setKeyStoreType("PKCS12");
            ssl.setKeyStorePassword(tls.password());
            HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
            h2.setMaxConcurrentStreams(MAX_STREAMS);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2,
                    new HttpConnectionFactory(https));
        }
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(backlog);
        connector.setIdleTimeout(600_000);   // the simulator's own server has none: stalls are scenario steps
        AtomicLong accepted = new AtomicLong();
        connector.addBean(new SelectorManager.AcceptListener() {
            @Override public void onAccepted(SelectableChannel channel) { accepted.incrementAndGet(); }
        });
        server.addConnector(connector);
        server.setHandler(new Adapter(handler));
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
        return new H2cServer(server, connector, accepted);
    }

    @Override
    public int port() { return connector.getLocalPort(); }

    @Override
    public long connectionsAccepted() { return accepted.get(); }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
    }

    /** Jetty's request to the simulator's {@link HttpRequest}, its response to an {@link H2cResponse}. */
    private static final class Adapter extends Handler.Abstract {
        private final HttpHandler handler;

        Adapter(HttpHandler handler) { this.handler = handler; }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            Map<String, String> headers = new HashMap<>();
            for (HttpField f : request.getHeaders()) headers.put(f.getLowerCaseName(), f.getValue());
            String query = request.getHttpURI().getQuery();
            byte[] body = Content.Source.asInputStream(request).readAllBytes();
            HttpRequest req = new HttpRequest(request.getMethod(), request.getHttpURI().getPath(), query == null ? "" : query, headers,
                    body, true);
            H2cResponse resp = new H2cResponse(response);
            try {
                handler.handle(req, resp);
                if (!resp.wasReset()) resp.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                callback.failed(new InterruptedIOException("interrupted"));
                return true;
            } catch (IOException e) {
                callback.failed(e);
                return true;
            }
            if (resp.wasReset()) {
                // Jetty answers a failed exchange that sent nothing with a 500 page: the headers go first, then the reset
                if (!resp.committed()) resp.flush();
                callback.failed(new IOException("reset by the scenario"));
            }
            else callback.succeeded();
            return true;
        }
    }
}
