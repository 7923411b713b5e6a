package dev.tern.http;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
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
 * Jetty's HTTP/2 server on loopback, for the HTTP/2 transports: a plain port speaking HTTP/1.1 and h2c (prior
 * knowledge), and a TLS port offering {@code h2} and {@code http/1.1} by ALPN. Routes: {@code /hello?q=} (an
 * {@code x-answer} header), {@code /echo} (POST), {@code /wait?ms=} (answers after a pause), {@code /slow-headers}
 * and {@code /stall} (block until {@link #release()}).
 */
final class H2Server implements AutoCloseable {

    final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    final AtomicInteger inHandler = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Server server;
    private final ServerConnector plain;
    private final ServerConnector secure;

    H2Server(SSLContext tls) throws Exception {
        VirtualThreadPool threads = new VirtualThreadPool();
        threads.setMaxThreads(100_000);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setMaxConcurrentStreams(5_000);
        plain = new ServerConnector(server, new HttpConnectionFactory(http), h2c);
        plain.setHost("127.0.0.1");
        server.addConnector(plain);
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
        h2.setMaxConcurrentStreams(5_000);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        secure = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, new HttpConnectionFactory(https));
        secure.setHost("127.0.0.1");
        server.addConnector(secure);
        server.setHandler(new Routes());
        server.start();
    }

    int plainPort() { return plain.getLocalPort(); }

    int securePort() { return secure.getLocalPort(); }

    /** Lets the blocked routes answer. */
    void release() { released.countDown(); }

    @Override
    public void close() throws Exception {
        release();
        server.stop();
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request req, Response res, Callback callback) throws Exception {
            clientPorts.add(Request.getRemotePort(req));
            String path = req.getHttpURI().getPath();
            String q = Request.extractQueryParameters(req).getValue("q");
            byte[] in = Content.Source.asInputStream(req).readAllBytes();
            if (path.equals("/reset")) {   // part of a body, then the stream is reset
                OutputStream out = Content.Sink.asOutputStream(res);
                out.write("data: partial\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                callback.failed(new java.io.IOException("reset by the test"));
                return true;
            }
            try (OutputStream out = Content.Sink.asOutputStream(res)) {
                switch (path) {
                    case "/hello" -> {
                        res.getHeaders().put("x-answer", "42");
                        out.write(("hello " + q).getBytes(StandardCharsets.UTF_8));
                    }
                    case "/echo" -> {
                        out.write("echo ".getBytes(StandardCharsets.UTF_8));
                        out.write(in);
                    }
                    case "/wait" -> {
                        Thread.sleep(Long.parseLong(Request.extractQueryParameters(req).getValue("ms")));
                        out.write(("waited " + q).getBytes(StandardCharsets.UTF_8));
                    }
                    case "/slow-headers" -> {
                        inHandler.incrementAndGet();
                        released.await(30, TimeUnit.SECONDS);
                        out.write("late".getBytes(StandardCharsets.UTF_8));
                    }
                    case "/stall" -> {
                        out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        inHandler.incrementAndGet();
                        released.await(30, TimeUnit.SECONDS);
                    }
                    case "/401" -> {
                        res.setStatus(401);
                        out.write("{\"error\":\"no key\"}".getBytes(StandardCharsets.UTF_8));
                    }
                    default -> res.setStatus(404);
                }
            }
            callback.succeeded();
            return true;
        }
    }
}
