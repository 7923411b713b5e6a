package dev.tern.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.client.transport.internal.HttpConnectionOverHTTP2;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.ConcurrentPool;

/**
 * Jetty's connection pool for one destination whose protocol is chosen by ALPN, sized for a cold burst.
 *
 * <p>Jetty's own pool for that case assumes a connection not yet open carries one request, so a burst of 1 000
 * calls to an h2 server opened 744 connections (a TLS handshake each) before the first could say it takes 256
 * streams. This one counts a connection being opened as {@link #FIRST_GUESS} streams until the destination's first
 * connection tells the truth: then the server's stream limit on HTTP/2, one request on HTTP/1.1 (an HTTP/1.1
 * connection never carries more than one request at a time whatever the guess: Jetty does not pipeline, and a
 * connection handed two requests fails the second). A burst to an h2 server opens a handful of connections.
 *
 * <p>Connection set-up is bounded as the socket transport's is: at most {@code maxConnecting} connections of a
 * destination are being opened at once; further requests wait in Jetty's queue for the next connection (a burst
 * to an HTTP/1.1 server never becomes thousands of simultaneous handshakes). The keep-alive closes an HTTP/2
 * connection only while no stream is open on it (see {@code keepAliveOnlyWhenIdle}).
 */
final class AlpnConnectionPool extends MultiplexConnectionPool {

    /** The streams counted on a connection still being opened before any connection of the destination is open. */
    static final int FIRST_GUESS = 100;

    /** The streams counted on an HTTP/2 connection whose server set no limit (Jetty reports -1: unlimited). */
    static final int UNLIMITED = 1 << 16;

    private final int maxConnecting;
    private final long keepAliveMs;
    private final AtomicInteger connectingHighWater;
    private final ReentrantLock lock = new ReentrantLock();
    /** Whether a connection of this destination was ever created (nothing is opened ahead after that). */
    private volatile boolean created;

    /**
     * @param maxConnecting       connections being opened at once for this destination
     * @param connectingHighWater raised to the most connections ever being opened at once (shared by a transport's pools)
     */
    AlpnConnectionPool(Destination destination, int maxConnections, int maxConnecting, long keepAliveMs,
                       AtomicInteger connectingHighWater) {
        super(destination, () -> new ConcurrentPool<>(ConcurrentPool.StrategyType.FIRST, maxConnections,
                AlpnConnectionPool::streams), FIRST_GUESS);
        this.maxConnecting = maxConnecting;
        this.keepAliveMs = keepAliveMs;
        this.connectingHighWater = connectingHighWater;
    }

    /**
     * What an open connection carries at once: its server's stream limit on HTTP/2 ({@link #UNLIMITED} when it set
     * none), one request on HTTP/1.1.
     */
    static int streams(Connection connection) {
        if (!(connection instanceof ConnectionPool.MaxMultiplexable m)) return 1;
        int limit = m.getMaxMultiplex();
        return limit <= 0 ? UNLIMITED : limit;
    }

    @Override
    protected void onCreated(Connection connection) {
        super.onCreated(connection);
        if (!created) created = true;
        // what the destination's connections really carry, for counting those still being opened
        setInitialMaxMultiplex(streams(connection));
    }

    @Override
    protected Connection activate() {
        Connection c = super.activate();
        if (c != null) keepAliveOnlyWhenIdle(c);
        return c;
    }

    @Override
    public boolean release(Connection connection) {
        boolean reusable = super.release(connection);
        keepAliveOnlyWhenIdle(connection);
        return reusable;
    }

    /**
     * The keep-alive bounds an HTTP/2 connection while no stream is open on it, and nothing bounds it while one is: Jetty
     * times a session out when no frame came for its idle timeout, and fails the streams waiting for an answer with it
     * (a model thinking for longer than the keep-alive before its first byte failed). The calls' own headers and idle
     * timeouts bound them. An HTTP/1.1 connection needs nothing: Jetty bounds it by the request's idle timeout while
     * the request is on it. Each change of the open streams is followed by this, under the connection's lock, so the
     * last one sets what the connection's state is then.
     */
    private void keepAliveOnlyWhenIdle(Connection connection) {
        if (!(connection instanceof HttpConnectionOverHTTP2 h2) || !(h2.getSession() instanceof HTTP2Session session)) return;
        EndPoint endPoint = session.getEndPoint();
        synchronized (connection) {
            endPoint.setIdleTimeout(isActive(connection) ? 0 : keepAliveMs);
        }
    }

    /**
     * Opens one connection ahead of requests unless the destination ever had one (open, busy, closed since or being
     * opened). Requests arriving while it is opened count it as {@link #FIRST_GUESS} streams, as any connection being
     * opened, and wait for it.
     */
    CompletableFuture<Void> preconnect() {
        lock.lock();
        try {
            if (created || getConnectionCount() > 0 || getPendingConnectionCount() > 0) return CompletableFuture.completedFuture(null);
            CompletableFuture<Void> opened = preCreateConnections(1);
            connectingHighWater.accumulateAndGet(getPendingConnectionCount(), Math::max);
            return opened;
        } finally {
            lock.unlock();
        }
    }

    @Override
    protected void tryCreate(boolean create) {
        // one caller at a time, so the count checked is the count before this one adds to it (it falls concurrently)
        lock.lock();
        try {
            if (getPendingConnectionCount() >= maxConnecting) return;   // the connect queue: wait for one being opened
            super.tryCreate(create);
            connectingHighWater.accumulateAndGet(getPendingConnectionCount(), Math::max);
        } finally {
            lock.unlock();
        }
    }
}
