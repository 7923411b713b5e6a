package dev.tern.http;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/** Jetty's HttpClient as the {@link JettyTransport} uses it: configured from Tern's options and started. */
final class JettyClients {

    private JettyClients() { }

    /**
     * @param h2c                 HTTP/2 by prior knowledge on plain http too
     * @param connectingHighWater raised to the most connections of one destination ever being opened at once
     */
    static HttpClient start(TransportOptions options, boolean h2c, AtomicInteger connectingHighWater) throws IOException {
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
        HttpClientTransportDynamic transport = options.http2() || h2c
                ? new AlpnOrHttp11(connector, new ClientConnectionFactoryOverHTTP2.HTTP2(h2), HttpClientConnectionFactory.HTTP11)
                : new AlpnOrHttp11(connector, HttpClientConnectionFactory.HTTP11);
        int maxConnections = Math.max(1, Math.min(options.maxIdlePerHost(), 4_096));
        transport.setConnectionPoolFactory(destination ->
                new AlpnConnectionPool(destination, maxConnections, options.maxConnecting(),
                        options.keepAlive().toMillis(), connectingHighWater));
        HttpClient client = new HttpClient(transport);
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
            throw new IOException("the Jetty HTTP client did not start: " + e.getMessage(), e);
        }
        // a transport, not a browser (the handlers are installed by start): no redirects, no authentication challenges
        // (a 401 without WWW-Authenticate failed the exchange), no 100-continue; every status reaches the caller as it is
        client.getProtocolHandlers().clear();
        return client;
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
}
