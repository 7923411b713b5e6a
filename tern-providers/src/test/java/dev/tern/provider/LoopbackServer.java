package dev.tern.provider;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny real HTTP/1.1 server on 127.0.0.1 for tests: every response is scripted by a handler that
 * writes to the socket, so tests can produce statuses, streams, stalls, garbage and resets.
 * One request per connection ({@code Connection: close}).
 */
public final class LoopbackServer implements AutoCloseable {

    /** A received request; header names are lower case. */
    public record Request(int number, String method, String path, Map<String, String> headers, String body,
                          long arrivedNanos) { }

    @FunctionalInterface
    public interface Handler {
        void handle(Request request, Exchange exchange) throws Exception;
    }

    /** The response side of one request. */
    public static final class Exchange {
        private final Socket socket;
        private final OutputStream out;
        private boolean chunked;

        Exchange(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        public void respond(int status, String contentType, String body, String... headers) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = head(status, headers).append("content-type: ").append(contentType).append("\r\n")
                    .append("content-length: ").append(b.length).append("\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
        }

        public void json(int status, String body, String... headers) throws IOException {
            respond(status, "application/json", body, headers);
        }

        /** Starts a chunked event stream; follow with {@link #send} and {@link #end}. */
        public void startStream(int status, String... headers) throws IOException {
            StringBuilder sb = head(status, headers).append("content-type: text/event-stream\r\n")
                    .append("transfer-encoding: chunked\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            chunked = true;
        }

        /** Writes raw text as one chunk. */
        public void send(String text) throws IOException {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0) return;
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Writes {@code data: json} followed by a blank line. */
        public void event(String json) throws IOException { send("data: " + json + "\n\n"); }

        public void end() throws IOException {
            if (chunked) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Drops the connection with a TCP reset. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private static StringBuilder head(int status, String... headers) {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\nconnection: close\r\n");
            for (int i = 0; i + 1 < headers.length; i += 2) sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            return sb;
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Thread acceptor;

    private LoopbackServer(Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public static LoopbackServer start(Handler handler) {
        try {
            return new LoopbackServer(handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() { return "http://127.0.0.1:" + server.getLocalPort(); }

    public List<Request> requests() { return List.copyOf(requests); }

    public int requestCount() { return requests.size(); }

    public int maxInFlight() { return maxInFlight.get(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Request req = readRequest(in);
            if (req == null) return;
            requests.add(req);
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                handler.handle(req, new Exchange(socket));
            } finally {
                inFlight.decrementAndGet();
            }
        } catch (Exception ignored) {
            // the client went away, or the handler reset the connection on purpose
        }
    }

    private Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) return null;
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new TreeMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int c = line.indexOf(':');
            if (c > 0) headers.put(line.substring(0, c).strip().toLowerCase(Locale.ROOT), line.substring(c + 1).strip());
        }
        int len = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(len);
        return new Request(counter.incrementAndGet(), parts[0], parts[1], headers,
                new String(body, StandardCharsets.UTF_8), System.nanoTime());
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        acceptor.interrupt();
    }
}
