package dev.tern.sim.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Minimal HTTP/1.1 server: a {@link ServerSocket} on loopback with a large backlog, accepted by one
 * platform thread, one virtual thread per connection, keep-alive. Full control over the bytes on the wire makes resets, stalls
 * and garbage bodies possible.
 */
public final class HttpServer implements HttpListener {

    private final ServerSocket listener;
    private final HttpHandler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    private HttpServer(ServerSocket listener, HttpHandler handler) {
        this.listener = listener;
        this.handler = handler;
        // a platform thread: a virtual acceptor waits behind every runnable connection thread in the scheduler's
        // queue, so under a burst of thousands of connections it accepted too slowly, the kernel's accept queue
        // (somaxconn, often 4096) overflowed and dropped SYNs, and clients waited out 1 s, 3 s, 7 s retransmits
        this.acceptor = Thread.ofPlatform().daemon().name("sim-accept").unstarted(this::acceptLoop);
    }

    /** Binds 127.0.0.1:{@code port} (0 = ephemeral) and starts accepting. */
    public static HttpServer start(int port, int backlog, HttpHandler handler) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        HttpServer server = new HttpServer(ss, handler);
        server.acceptor.start();
        return server;
    }

    @Override
    public int port() { return listener.getLocalPort(); }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (closed) return;
                continue; // transient accept failure (e.g. too many open files): keep serving
            }
            accepted.incrementAndGet();
            try {
                open.add(s);
                Thread t = Thread.ofVirtual().name("sim-conn").unstarted(() -> serve(s));
                threads.add(t);
                t.start();
            } catch (OutOfMemoryError e) {
                // refuse this connection, keep accepting: a dead acceptor leaves every later client hanging
                open.remove(s);
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 4 * 1024);
            HttpReader reader = new HttpReader(socket.getInputStream(), out);
            while (!closed) {
                HttpRequest req;
                try {
                    req = reader.next();
                } catch (HttpProtocolException e) {
                    byte[] body = ("{\"error\":{\"message\":\"" + e.getMessage() + "\",\"type\":\"invalid_request_error\"}}")
                            .getBytes(StandardCharsets.UTF_8);
                    new SocketResponse(socket, out, false).send(e.status(), Map.of(), "application/json", body);
                    return;
                }
                if (req == null) return;
                HttpResponse resp = new SocketResponse(socket, out, req.keepAlive());
                handler.handle(req, resp);
                if (!resp.keepAlive()) return;
            }
        } catch (SocketException e) {
            // peer went away or we reset the connection on purpose
        } catch (IOException e) {
            // broken connection: nothing to answer to
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    @Override
    public long connectionsAccepted() { return accepted.get(); }

    /** Number of open client connections. */
    public int openConnections() { return open.size(); }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Thread t : threads) t.interrupt();
    }
}
