package dev.tern.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds the phases of {@link Exchange}s with one virtual thread per transport (started with the
 * first bounded exchange): every {@value #TICK_MS} ms it ends the phases whose deadline passed. A
 * timeout therefore fires up to one tick late, and no timer is created per request or per read.
 */
final class Watchdog implements AutoCloseable {

    static final int TICK_MS = 50;

    private final Set<Exchange> watched = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    private volatile boolean closed;

    void watch(Exchange x) {
        watched.add(x);
        if (thread == null) start();
    }

    void unwatch(Exchange x) { watched.remove(x); }

    private synchronized void start() {
        if (thread != null || closed) return;
        thread = Thread.ofVirtual().name("tern-http-watchdog").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            LockSupport.parkNanos(TICK_MS * 1_000_000L);
            long now = System.nanoTime();
            for (Exchange x : watched) x.check(now);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
        watched.clear();
    }
}
