package dev.tern.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request-writing buffers shared by the connections of a transport: a connection borrows one only
 * while it writes a request, so 10 000 open connections do not each keep a buffer grown to their
 * largest request (they are live data every young collection copies). Lock-free; at most
 * {@value #KEPT} buffers are kept.
 */
final class WriteBuffers {

    static final int KEPT = 64;
    private static final int INITIAL = 4 * 1024;
    /** Buffers grown past this are not kept (a rare huge request should not pin its buffer). */
    private static final int LARGEST_KEPT = 128 * 1024;

    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger kept = new AtomicInteger();

    byte[] take() {
        byte[] b = free.poll();
        if (b == null) return new byte[INITIAL];
        kept.decrementAndGet();
        return b;
    }

    void give(byte[] b) {
        if (b.length > LARGEST_KEPT) return;
        if (kept.incrementAndGet() > KEPT) {
            kept.decrementAndGet();
            return;
        }
        free.offer(b);
    }
}
