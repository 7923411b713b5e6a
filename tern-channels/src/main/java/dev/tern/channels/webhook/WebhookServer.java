package dev.tern.channels.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The webhook endpoint served on its own port by the JDK's HTTP server (virtual thread per request), for
 * when {@code tern serve} does not mount {@link WebhookChannel#handle} itself.
 */
final class WebhookServer {

    private final HttpServer server;

    private WebhookServer(HttpServer server) { this.server = server; }

    static WebhookServer start(String host, int port, String path, WebhookChannel channel) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(host, port), 64);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext(path, ex -> serve(ex, channel));
        s.start();
        return new WebhookServer(s);
    }

    private static void serve(HttpExchange ex, WebhookChannel channel) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(WebhookChannel.MAX_BODY_BYTES + 1);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
            WebhookChannel.Response r = channel.handle(ex.getRequestMethod(), headers, body);
            byte[] out = r.json().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    int port() { return server.getAddress().getPort(); }

    void stop() { server.stop(0); }
}
