package dev.tern.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on 127.0.0.1 for transport tests, with keep-alive: each request is answered
 * by a handler writing raw bytes, so tests can send any framing, stall, close or reset.
 */
final class RawServer implements AutoCloseable {

    record Request(int number, String method, String target, Map<String, String> headers, byte[] body, int connection) { }

    @FunctionalInterface
    interface Handler {
        /** Answers one request; return false to close the connection afterwards. */
        boolean handle(Request request, OutputStream out, Socket socket) throws Exception;
    }

    private final ServerSocket listener;
    private final Handler handler;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RawServer(Handler handler) throws IOException {
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.handler = handler;
        Thread.ofVirtual().start(this::accept);
    }

    static RawServer start(Handler handler) throws IOException { return new RawServer(handler); }

    String url(String path) { return "http://127.0.0.1:" + listener.getLocalPort() + path; }

    int requests() { return requests.get(); }

    int connections() { return connections.get(); }

    private void accept() {
        while (!closed) {
            try {
                Socket s = listener.accept();
                open.add(s);
                int conn = connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s, conn));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, int conn) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                String line = line(in);
                if (line == null || line.isEmpty()) return;
                String[] parts = line.split(" ");
                Map<String, String> headers = new TreeMap<>();
                String h;
                while ((h = line(in)) != null && !h.isEmpty()) {
                    int c = h.indexOf(':');
                    headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
                }
                int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(len);
                Request r = new Request(requests.incrementAndGet(), parts[0], parts[1], headers, body, conn);
                if (!handler.handle(r, out, s)) return;
            }
        } catch (Exception e) {
            // the client went away, or the handler reset the connection on purpose
        } finally {
            open.remove(s);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : open) s.close();
    }
}
