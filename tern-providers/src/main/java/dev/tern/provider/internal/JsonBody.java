package dev.tern.provider.internal;

import dev.tern.http.TransportRequest;
import dev.tern.json.Json;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A request body written once with Jackson's streaming generator and sent (and re-sent on retry)
 * straight from its buffer, without another copy. Buffers come from a {@link Buffers} pool and go back
 * to it when the call is over, so a 100 KB history is not a fresh 100 KB array (zeroed, then grown and
 * copied) on every call.
 */
public final class JsonBody extends ByteArrayOutputStream {

    private final Buffers pool;

    private JsonBody(byte[] buffer, Buffers pool) {
        super(0);
        this.buf = buffer;
        this.pool = pool;
    }

    /** Writes a JSON document with {@code writer} into a fresh buffer. */
    public static JsonBody write(int sizeHint, Consumer<JsonGenerator> writer) {
        return write(sizeHint, writer, null);
    }

    /** Writes a JSON document with {@code writer} into a buffer from {@code pool} (null: a fresh one). */
    public static JsonBody write(int sizeHint, Consumer<JsonGenerator> writer, Buffers pool) {
        return write(() -> sizeHint, writer, pool);
    }

    /** Like {@link #write(int, Consumer, Buffers)}; the size is estimated only when no pooled buffer is free. */
    public static JsonBody write(java.util.function.IntSupplier sizeHint, Consumer<JsonGenerator> writer, Buffers pool) {
        byte[] pooled = pool == null ? null : pool.take();
        JsonBody body = new JsonBody(pooled != null ? pooled : new byte[Math.max(256, sizeHint.getAsInt())], pool);
        try (JsonGenerator g = Json.MAPPER.createGenerator(body)) {
            writer.accept(g);
        }
        return body;
    }

    /** The body for the transport: this buffer, not a copy. */
    public TransportRequest.Bytes asBody() {
        return TransportRequest.Body.of(buf, 0, count);
    }

    /** Gives the buffer back to its pool; the body must not be used afterwards. */
    public void release() {
        if (pool != null && buf != null) pool.give(buf);
        buf = null;
    }

    /** The body as text (tests and debugging; copies). */
    @Override
    public String toString() {
        return new String(buf, 0, count, StandardCharsets.UTF_8);
    }

    /**
     * A small lock-free pool of body buffers for one provider: at most {@code max} kept, none larger than
     * {@code maxBytes} (a huge one-off request does not pin its array).
     */
    public static final class Buffers {
        private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final int max;
        private final int maxBytes;

        public Buffers(int max, int maxBytes) {
            this.max = max;
            this.maxBytes = maxBytes;
        }

        /** A free buffer, or null; one too small is grown once by the generator and comes back larger. */
        byte[] take() {
            byte[] b = free.poll();
            if (b != null) size.decrementAndGet();
            return b;
        }

        void give(byte[] b) {
            if (b.length > maxBytes || size.get() >= max) return;
            size.incrementAndGet();
            free.offer(b);
        }
    }
}
