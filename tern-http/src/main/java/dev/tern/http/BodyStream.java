package dev.tern.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JDK HttpClient response body as a blocking {@link InputStream} with a stream-idle watchdog: the
 * reading thread waits at most {@code idleTimeout} for the next chunk; on silence the HTTP
 * subscription is cancelled (which aborts the exchange) and {@link TransportTimeoutException.Idle} is
 * thrown. {@link #abort()} (from any thread) does the same and the reader gets {@link AbortedException}.
 * Chunks are handed over without copying; one chunk is prefetched at a time (back-pressure).
 */
final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<BodyStream> {

    private static final Object END = new Object();
    private static final Object ABORTED = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunk = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean finished;
    private boolean cancelled;

    BodyStream(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** Ends the download from another thread; the reader throws {@link AbortedException}. */
    void abort() {
        queue.add(ABORTED);
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }

    // ---- subscriber side (HTTP client threads)

    @Override
    public CompletionStage<BodyStream> getBody() { return CompletableFuture.completedFuture(this); }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> item) { queue.add(item); }

    @Override
    public void onError(Throwable t) { queue.add(t); }

    @Override
    public void onComplete() { queue.add(END); }

    // ---- reader side (the calling thread)

    @Override
    public int read() throws IOException {
        if (!ensureData()) return -1;
        return current.get() & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!ensureData()) return -1;
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    private boolean ensureData() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (chunk.hasNext()) {
                current = chunk.next();
                continue;
            }
            if (finished) return false;
            if (cancelled) throw new IOException("body stream closed");
            Object next;
            try {
                next = idleTimeout == null ? queue.take() : queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (next == null) {
                cancel();
                throw new TransportTimeoutException.Idle(idleTimeout, null);
            }
            if (next == ABORTED) {
                cancel();
                throw new AbortedException("while reading the response");
            }
            if (next == END) {
                finished = true;
                return false;
            }
            if (next instanceof Throwable t) {
                finished = true;
                throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) next;
            chunk = buffers.iterator();
            Flow.Subscription s = subscription;
            if (s != null) s.request(1);
        }
        return true;
    }

    /**
     * Reads and discards the rest of the body, so the connection goes back to the pool instead of
     * being torn down; gives up (and cancels) when nothing arrives within {@code grace}. Never throws.
     */
    void drain(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!finished && !cancelled) {
                current = null;
                while (chunk.hasNext()) chunk.next();
                long left = deadline - System.nanoTime();
                Object next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null || next == ABORTED) break;
                if (next == END || next instanceof Throwable) {
                    finished = true;
                } else {
                    Flow.Subscription s = subscription;
                    if (s != null) s.request(1);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /** Stops the download if it is still running; safe to call more than once. */
    @Override
    public void close() {
        if (!finished) cancel();
    }

    private void cancel() {
        if (cancelled) return;
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
