package dev.tern.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP/1.1 on blocking sockets, made for virtual threads: the calling thread writes the request and
 * reads the response itself (no selector thread, no hand-off, no completion stages), and the JDK parks
 * it on the poller while the socket is silent. Connections are kept alive in a LIFO deque per host
 * (O(1) take and give back); opening them goes through a bounded connect queue; timeouts are the
 * socket's own read timeout (no timer thread); an abort closes the socket, which ends any blocked
 * phase at once. TLS through {@link SSLSocket} with the platform trust store (loaded on the first
 * handshake), SNI and host name verification.
 */
final class SocketTransport implements HttpTransport {

    /** Pooled connections tried before a request insists on a fresh one. */
    private static final int STALE_TRIES = 3;

    private final TransportOptions options;
    private final ConcurrentHashMap<Route, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final Semaphore connecting;
    private final WriteBuffers writeBuffers = new WriteBuffers();
    private volatile SSLSocketFactory tls;
    private volatile boolean closed;
    /** The last URI sent to and its pool: providers reuse their URI objects, so most lookups end here. */
    private volatile UriPool last;

    private record UriPool(URI uri, Route route, ConnectionPool pool) { }

    SocketTransport(TransportOptions options) {
        this.options = options;
        this.connecting = new Semaphore(options.maxConnecting());
    }

    /** Where connections go: scheme, host, port. */
    record Route(boolean secure, String host, int port) {
        static Route of(URI uri) {
            String scheme = uri.getScheme();
            boolean secure;
            if ("https".equalsIgnoreCase(scheme)) secure = true;
            else if ("http".equalsIgnoreCase(scheme)) secure = false;
            else throw new IllegalArgumentException("not an http(s) URI: " + uri);
            String host = uri.getHost();
            if (host == null) throw new IllegalArgumentException("no host in " + uri);
            int port = uri.getPort() > 0 ? uri.getPort() : secure ? 443 : 80;
            return new Route(secure, host, port);
        }

        String hostHeader() {
            return port == (secure ? 443 : 80) ? host : host + ":" + port;
        }
    }

    @Override
    public String name() { return Transports.SOCKET; }

    @Override
    public TransportResponse send(TransportRequest request, Abort abort) throws IOException {
        if (closed) throw new IOException("transport closed");
        UriPool target = pool(request.uri());
        Route route = target.route();
        ConnectionPool pool = target.pool();
        for (int attempt = 0; ; attempt++) {
            if (abort.isAborted()) throw new AbortedException("before sending");
            Connection c = attempt < STALE_TRIES ? pool.take() : null;
            if (c == null && attempt == 0) c = awaitOpening(pool, abort, request.timeouts().connect());
            if (c == null) {
                pool.connected(); // from now on nothing is opened ahead: this request opens the first connection itself
                c = connect(route, abort, request.timeouts().connect());
            }
            try {
                return c.exchange(request, abort, pool);
            } catch (Connection.StaleConnectionException stale) {
                // a kept-alive connection the server had already closed: nothing was received, so the
                // request did not reach it; send it again (on a fresh connection after a few tries)
                if (attempt >= STALE_TRIES) throw stale.failure();
            }
        }
    }

    private UriPool pool(URI uri) {
        UriPool cached = last;
        if (cached != null && cached.uri() == uri) return cached;
        Route route = Route.of(uri);
        ConnectionPool pool = pools.get(route);
        if (pool == null) pool = pools.computeIfAbsent(route, r -> new ConnectionPool(options));
        UriPool made = new UriPool(uri, route, pool);
        last = made;
        return made;
    }

    @Override
    public boolean preconnect(URI uri) throws IOException {
        if (closed) throw new IOException("transport closed");
        UriPool target = pool(uri);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!target.pool().startOpening(done)) return true;
        try {
            target.pool().release(connect(target.route(), Abort.NEVER, null));
            target.pool().connected();
            done.complete(null);
            return true;
        } catch (Throwable e) {
            done.completeExceptionally(e);   // the requests waiting for this connection fail as it did
            throw e;
        } finally {
            target.pool().opened(done);
        }
    }

    /**
     * The connection {@link #preconnect} is opening, once it is open: null when none is being opened or another request
     * took it (the caller opens one of its own). Waiting for it is this request's connect: it fails as the opening
     * failed, or after the connect timeout, rather than starting a second wait for the same server.
     */
    private Connection awaitOpening(ConnectionPool pool, Abort abort, Duration connectTimeout) throws IOException {
        CompletableFuture<Void> opening = pool.opening();
        if (opening == null) return null;
        Duration limit = connectTimeout != null ? connectTimeout : options.connectTimeout();
        CompletableFuture<Void> wait = opening.copy();   // the abort ends this wait only
        try (Abort.Registration r = abort.onAbort(() -> wait.cancel(false))) {
            int ms = millis(limit);
            if (ms == 0) wait.get(); // no connect timeout
            else wait.get(ms, TimeUnit.MILLISECONDS);
        } catch (CancellationException e) {
            throw new AbortedException("while connecting");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AbortedException("(interrupted) while connecting");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new TransportTimeoutException.Connect(limit, e);
        }
        return pool.take();
    }

    /** Opens a connection through the connect queue; the queue wait honours the abort, not the connect timeout. */
    private Connection connect(Route route, Abort abort, Duration connectTimeout) throws IOException {
        Duration limit = connectTimeout != null ? connectTimeout : options.connectTimeout();
        acquireConnectSlot(abort);
        Socket socket = new Socket();
        try (Abort.Registration r = abort.onAbort(() -> Connection.closeQuietly(socket))) {
            int timeout = millis(limit);
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address(route.host()), route.port()), timeout);
                Socket s = route.secure() ? handshake(socket, route, timeout) : socket;
                if (abort.isAborted()) throw new AbortedException("while connecting");
                return new Connection(s, route, writeBuffers);
            } catch (IOException e) {
                Connection.closeQuietly(socket);
                if (abort.isAborted()) throw new AbortedException("while connecting");
                if (Thread.currentThread().isInterrupted()) throw new AbortedException("(interrupted) while connecting");
                if (e instanceof SocketTimeoutException) throw new TransportTimeoutException.Connect(limit, e);
                throw e;
            }
        } finally {
            connecting.release();
        }
    }

    private void acquireConnectSlot(Abort abort) throws AbortedException {
        if (connecting.tryAcquire()) return;
        Thread me = Thread.currentThread();
        boolean acquired = false;
        Abort.Registration r = abort.onAbort(me::interrupt);
        try {
            connecting.acquire();
            acquired = true;
        } catch (InterruptedException e) {
            if (!abort.isAborted()) me.interrupt(); // someone else's interrupt: keep it
        } finally {
            r.close();
            if (r.fired()) Thread.interrupted(); // our own interrupt: do not leak it
        }
        if (!acquired || abort.isAborted()) {
            if (acquired) connecting.release();
            throw new AbortedException("while waiting to connect");
        }
    }

    private static InetAddress address(String host) throws UnknownHostException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return InetAddress.getByName(h);
    }

    private Socket handshake(Socket plain, Route route, int timeout) throws IOException {
        SSLSocket ssl = (SSLSocket) tls().createSocket(plain, route.host(), route.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (!route.host().startsWith("[") && !Character.isDigit(route.host().charAt(0))) {
            p.setServerNames(java.util.List.of(new SNIHostName(route.host())));
        }
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(timeout);
        ssl.startHandshake();
        return ssl;
    }

    private SSLSocketFactory tls() {
        SSLSocketFactory f = tls;
        if (f == null) {
            synchronized (this) {
                f = tls;
                if (f == null) tls = f = (options.tls() != null ? options.tls() : LazyTrustManager.context()).getSocketFactory();
            }
        }
        return f;
    }

    static int millis(Duration d) {
        if (d == null) return 0;
        long ms = Math.max(1, d.toMillis());
        return ms > Integer.MAX_VALUE ? 0 : (int) ms;
    }

    @Override
    public void close() {
        closed = true;
        pools.values().forEach(ConnectionPool::close);
    }
}
