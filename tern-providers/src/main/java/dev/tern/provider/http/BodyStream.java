package dev.tern.provider.http;

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
 * A response body as a blocking {@link InputStream} with a stream-idle watchdog: the reading
 * thread waits at most {@code idleTimeout} for the next chunk; on silence the HTTP subscription is
 * cancelled (which aborts the exchange) and {@link StreamIdleTimeoutException} is thrown. Chunks are
 * handed over without copying; one chunk is prefetched at a time (back-pressure).
 */
public final class BodyStream extends InputStream implements HttpResponse.BodySubscriber<BodyStream> {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private volatile Flow.Subscription subscription;
    private Iterator<ByteBuffer> chunk = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean finished;
    private boolean cancelled;

    public BodyStream(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    /** A body handler producing a fresh stream per response. */
    public static HttpResponse.BodyHandler<BodyStream> handler(Duration idleTimeout) {
        return info -> new BodyStream(idleTimeout);
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

    /** Reads the whole remaining body, at most {@code limit} bytes (the rest is discarded). */
    public byte[] readAtMost(int limit) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = read(buf, 0, buf.length)) >= 0) {
            int room = limit - out.size();
            if (room > 0) out.write(buf, 0, Math.min(room, n));
        }
        return out.toByteArray();
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
                next = queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
                throw new InterruptedIOException("interrupted while reading the response");
            }
            if (next == null) {
                cancel();
                throw new StreamIdleTimeoutException(idleTimeout);
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
    public void drain(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!finished && !cancelled) {
                current = null;
                while (chunk.hasNext()) chunk.next();
                long left = deadline - System.nanoTime();
                Object next = left <= 0 ? queue.poll() : queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) break;
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

    /** No bytes arrived for the idle timeout. */
    public static final class StreamIdleTimeoutException extends IOException {
        private static final long serialVersionUID = 1L;
        private final Duration idle;

        public StreamIdleTimeoutException(Duration idle) {
            super("no data for " + Durations.format(idle));
            this.idle = idle;
        }

        public Duration idle() { return idle; }
    }
}
