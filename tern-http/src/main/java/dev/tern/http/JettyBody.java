package dev.tern.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.io.Content;

/**
 * One Jetty exchange seen as headers then a blocking body stream. Unlike Jetty's {@code InputStreamResponseListener},
 * which drops the content it holds when the exchange fails, the bytes handed over before a reset or an abort are read
 * first and the failure after them: a stream reset right after a chunk of text must still deliver that text, or the
 * caller believes nothing reached it and may send the request again. (A DATA frame Jetty has received but not yet
 * handed over when the reset arrives is still dropped by Jetty itself: the caller then saw nothing of it.) Back-pressure
 * as Jetty's: the next content is demanded once the reader has taken the previous one, which is also when Jetty
 * opens the HTTP/2 flow-control window again.
 */
final class JettyBody implements Response.Listener {

    private record Piece(Content.Chunk chunk, Runnable demand) { }

    private static final int NOTHING = -2;

    private final CompletableFuture<Response> headers = new CompletableFuture<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Piece> pieces = new ArrayDeque<>();
    private Piece current;
    private Throwable failure;
    private boolean ended;
    private boolean closed;

    /** Completes with the response once its headers are in, or exceptionally when the exchange fails before. */
    CompletableFuture<Response> headers() { return headers; }

    @Override
    public void onHeaders(Response response) { headers.complete(response); }

    @Override
    public void onContent(Response response, Content.Chunk chunk, Runnable demand) {
        lock.lock();
        try {
            if (closed || failure != null) {
                demand.run();
                return;
            }
            chunk.retain();
            pieces.add(new Piece(chunk, demand));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onSuccess(Response response) {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onFailure(Response response, Throwable t) {
        lock.lock();
        try {
            if (failure == null) failure = t;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        headers.completeExceptionally(t);
    }

    /** The exchange is over: Jetty has given its connection back. A request that failed before any response ends here only. */
    @Override
    public void onComplete(Result result) {
        if (result.isFailed()) onFailure(result.getResponse(), result.getFailure());
        completed.complete(null);
    }

    /**
     * Waits (at most {@code ms}) until Jetty has ended the exchange: a body read to its end is reported a moment before
     * its connection is back in the pool, and a call right after would otherwise open another connection.
     */
    void awaitCompletion(long ms) {
        try {
            completed.get(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // not ended in time: the next call opens a connection of its own, nothing is lost
        }
    }

    /** The body: what arrived, in order, then the end or the failure. */
    InputStream stream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException { return take(b, off, len); }

            @Override
            public void close() { JettyBody.this.close(); }
        };
    }

    private int take(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (true) {
            Runnable demand = null;
            int n = NOTHING;
            lock.lock();
            try {
                if (closed) throw new IOException("the body was closed");
                if (current == null) current = pieces.poll();
                if (current != null) {
                    ByteBuffer buf = current.chunk().getByteBuffer();
                    int k = Math.min(len, buf.remaining());
                    if (k > 0) {
                        buf.get(b, off, k);
                        n = k;
                    }
                    if (!buf.hasRemaining()) {  // taken: the next content may come
                        current.chunk().release();
                        demand = current.demand();
                        current = null;
                    }
                } else if (failure != null) {
                    throw failure instanceof IOException io ? io : new IOException(message(failure), failure);
                } else if (ended) {
                    n = -1;
                } else {
                    try {
                        changed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading the body");
                    }
                }
            } finally {
                lock.unlock();
            }
            if (demand != null) demand.run();
            if (n != NOTHING) return n;
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Releases what is still held; later content is dropped. */
    void close() {
        lock.lock();
        try {
            if (closed) return;
            closed = true;
            if (current != null) current.chunk().release();
            current = null;
            for (Piece p : pieces) p.chunk().release();
            pieces.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
