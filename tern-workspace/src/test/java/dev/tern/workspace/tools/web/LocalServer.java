package dev.tern.workspace.tools.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A real loopback HTTP server for tests; one virtual thread per request. */
final class LocalServer implements AutoCloseable {

    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange ex) throws Exception;
    }

    final HttpServer server;

    LocalServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    LocalServer on(String path, Handler h) {
        server.createContext(path, ex -> {
            try (ex) {
                h.handle(ex);
            } catch (Exception e) {
                throw new IOException(e);
            }
        });
        return this;
    }

    int port() { return server.getAddress().getPort(); }

    /** "127.0.0.1:port", the allow-list entry for this server. */
    String hostPort() { return "127.0.0.1:" + port(); }

    String url(String path) { return "http://" + hostPort() + path; }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(302, -1);
    }

    @Override
    public void close() { server.stop(0); }
}
