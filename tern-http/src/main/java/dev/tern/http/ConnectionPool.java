package dev.tern.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idle keep-alive connections to one host: a lock-free LIFO deque, so taking and giving back are O(1)
 * and the warmest connection is reused first. Connections idle longer than the keep-alive are closed
 * when met (taken, or found at the cold end at most once a second).
 */
final class ConnectionPool {

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
    private final int max;
    private final long keepAliveNanos;
    private volatile boolean closed;
    /** Whether a connection of this pool was ever opened, by a request or ahead of one ({@link #connected}). */
    private volatile boolean connectedOnce;
    /** A connection being opened ahead of the first request ({@link SocketTransport#preconnect}), or null. */
    private final AtomicReference<CompletableFuture<Void>> opening = new AtomicReference<>();

    ConnectionPool(TransportOptions options) {
        this.max = options.maxIdlePerHost();
        this.keepAliveNanos = options.keepAlive().toNanos();
    }

    /** A live idle connection, or null. */
    Connection take() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            size.decrementAndGet();
            if (System.nanoTime() - c.idleSince < keepAliveNanos && c.isOpen()) return c;
            c.kill();
        }
        return null;
    }

    /** Gives a connection whose exchange finished cleanly back for reuse. */
    void release(Connection c) {
        long now = System.nanoTime();
        if (closed || size.get() >= max) {
            c.kill();
            return;
        }
        c.idleSince = now;
        idle.offerFirst(c);
        size.incrementAndGet();
        if (closed) close();
        long last = lastSweep.get();
        if (now - last > 1_000_000_000L && lastSweep.compareAndSet(last, now)) sweep(now);
    }

    private void sweep(long now) {
        Connection c;
        while ((c = idle.peekLast()) != null && now - c.idleSince >= keepAliveNanos) {
            if (idle.removeLastOccurrence(c)) {
                size.decrementAndGet();
                c.kill();
            }
        }
    }

    int idleCount() { return size.get(); }

    /** A connection to this host is being or was opened (the process is past its first connection there). */
    void connected() {
        if (!connectedOnce) connectedOnce = true;
    }

    /**
     * Claims the opening of a connection ahead of requests: false once any connection to this host was opened (idle,
     * busy or gone, a request has paid for the first one; opening more ahead would only add idle ones to a busy pool)
     * or while one is being opened. Whoever claimed it calls {@link #opened} when done, whether it opened or not.
     */
    boolean startOpening(CompletableFuture<Void> done) {
        return !closed && !connectedOnce && opening.compareAndSet(null, done);
    }

    /** The opening claimed with {@code done} is over ({@code done} completed, its connection released to this pool). */
    void opened(CompletableFuture<Void> done) {
        opening.compareAndSet(done, null);
    }

    /** The opening under way, or null. */
    CompletableFuture<Void> opening() { return opening.get(); }

    void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            size.decrementAndGet();
            c.kill();
        }
    }
}
